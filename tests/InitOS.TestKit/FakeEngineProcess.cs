using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.TestKit;

/// <summary>
/// <see cref="IEngineProcess"/> that follows a script: the daemon's first <see cref="Failures"/> starts exit at once
/// with status 1, later ones run and answer on their socket. containerd (a launch named *containerd) always runs.
/// </summary>
public sealed class FakeEngineProcess : IEngineProcess
{
    private readonly HashSet<string> _answering = new(StringComparer.Ordinal);
    private readonly List<string> _waiting = [];

    /// <summary>How many daemon starts fail before one runs.</summary>
    public int Failures { get; set; }

    /// <summary>Daemon starts so far (containerd not counted).</summary>
    public int DaemonStarts { get; private set; }

    /// <summary>The calls, in order: <c>start NAME</c>, <c>kill-stale PIDFILE</c>.</summary>
    public List<string> Calls { get; } = [];

    /// <summary>
    /// While true, a containerd started runs but does not listen yet, and a daemon started meanwhile does not answer
    /// until <see cref="ContainerdListens"/> (it dials containerd), or, with <see cref="DaemonGivesUp"/>, exits with
    /// status 1 (its dial timed out).
    /// </summary>
    public bool ContainerdStarting { get; set; }

    /// <summary>See <see cref="ContainerdStarting"/>.</summary>
    public bool DaemonGivesUp { get; set; }

    /// <summary>Daemon starts that came while containerd did not listen yet.</summary>
    public int DaemonStartsBeforeContainerd { get; private set; }

    /// <summary>containerd listens now: it and the daemons waiting for it answer.</summary>
    public void ContainerdListens()
    {
        lock (Calls)
        {
            ContainerdStarting = false;
            _answering.UnionWith(_waiting);
            _waiting.Clear();
        }
    }

    /// <summary>Sockets that do not answer even when they otherwise would (a daemon still starting), until <see cref="Release"/>.</summary>
    public HashSet<string> Held { get; } = new(StringComparer.Ordinal);

    /// <summary>The held <paramref name="socket"/> answers now (when its daemon runs).</summary>
    public void Release(string socket)
    {
        lock (Calls)
        {
            _ = Held.Remove(socket);
        }
    }

    /// <summary>The handles started, in order.</summary>
    public List<FakeEngineHandle> Handles { get; } = [];

    /// <inheritdoc/>
    public IEngineHandle Start(EngineLaunch launch, Action<string> notice)
    {
        lock (Calls)
        {
            Calls.Add($"start {launch.Name}");
            var containerd = launch.Name.EndsWith("containerd", StringComparison.Ordinal);
            var fails = !containerd && ++DaemonStarts <= Failures;
            if (!containerd && ContainerdStarting)
            {
                DaemonStartsBeforeContainerd++;
                fails |= DaemonGivesUp;
            }
            if (!fails)
            {
                if (ContainerdStarting)
                {
                    _waiting.Add(launch.Socket);
                }
                else
                {
                    _answering.Add(launch.Socket);
                }
            }
            var handle = new FakeEngineHandle(4242 + Handles.Count);
            if (fails)
            {
                handle.Exit(1);
            }
            Handles.Add(handle);
            return handle;
        }
    }

    /// <inheritdoc/>
    public void KillStale(string pidFile)
    {
        lock (Calls)
        {
            Calls.Add($"kill-stale {pidFile}");
        }
    }

    /// <inheritdoc/>
    public Task<bool> CanConnectAsync(string socket, TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            return Task.FromResult(_answering.Contains(socket) && !Held.Contains(socket));
        }
    }

    /// <inheritdoc/>
    public Task<bool> PingAsync(string socket, TimeSpan timeout, CancellationToken cancellationToken) => CanConnectAsync(socket, timeout, cancellationToken);
}
