using System.Threading.Channels;
using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.TestKit;

/// <summary><see cref="ISystemEvents"/> that delivers what the test <see cref="Raise"/>s instead of signals.</summary>
public sealed class FakeSystemEvents : ISystemEvents
{
    private ChannelWriter<SystemEvent>? _writer;

    /// <summary>True once <see cref="Start"/> was called.</summary>
    public bool Started => _writer != null;

    /// <inheritdoc/>
    public void Start(ChannelWriter<SystemEvent> writer) => _writer = writer;

    /// <summary>Delivers <paramref name="e"/> as a signal handler would (it only enqueues).</summary>
    public void Raise(SystemEvent e)
    {
        if (_writer is null || !_writer.TryWrite(e))
        {
            throw new InvalidOperationException($"Cannot deliver {e}: the events were not started or the channel is closed");
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _writer = null;
}
