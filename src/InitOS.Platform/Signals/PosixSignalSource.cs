using System.Runtime.InteropServices;
using System.Threading.Channels;
using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Platform.Signals;

/// <summary>
/// Turns the signals PID 1 owns into <see cref="SystemEvent"/>s through
/// <see cref="PosixSignalRegistration"/> (the runtime's signal pipe): each handler cancels the default
/// action and only enqueues. Also registers a no-op SIGCHLD handler so the runtime reaps children
/// (as PID 1 it reaps every orphan) from the first moment.
/// </summary>
public sealed class PosixSignalSource : ISystemEvents
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    /// <summary>Registers the no-op SIGCHLD handler; call as early as possible in Main.</summary>
    public static PosixSignalRegistration EnableReaping() =>
        PosixSignalRegistration.Create(PosixSignal.SIGCHLD, _ => { });

    /// <inheritdoc/>
    public void Start(ChannelWriter<SystemEvent> writer)
    {
        foreach (var signal in Enum.GetValues<SystemSignal>())
        {
            var s = signal;
            _registrations.Add(PosixSignalRegistration.Create(ToPosix(s), context =>
            {
                context.Cancel = true;
                _ = writer.TryWrite(SystemEvent.FromSignal(s));
            }));
        }
    }

    // The runtime names the common signals with negative values; the others are passed as raw numbers.
    private static PosixSignal ToPosix(SystemSignal signal) => signal switch
    {
        SystemSignal.Hangup => PosixSignal.SIGHUP,
        SystemSignal.Interrupt => PosixSignal.SIGINT,
        SystemSignal.Quit => PosixSignal.SIGQUIT,
        SystemSignal.Terminate => PosixSignal.SIGTERM,
        _ => (PosixSignal)(int)signal,
    };

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var r in _registrations)
        {
            r.Dispose();
        }
        _registrations.Clear();
    }
}
