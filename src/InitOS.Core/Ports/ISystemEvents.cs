using System.Threading.Channels;
using InitOS.Core.Boot;

namespace InitOS.Core.Ports;

/// <summary>The source of the supervisor's events: signals turned into <see cref="SystemEvent"/>s.</summary>
public interface ISystemEvents : IDisposable
{
    /// <summary>Starts delivering the owned signals to <paramref name="writer"/> (handlers only enqueue).</summary>
    void Start(ChannelWriter<SystemEvent> writer);
}
