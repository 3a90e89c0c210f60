using System.Collections.Concurrent;
using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Boot.Tests;

/// <summary>Timers fire at once (on the thread pool); every requested delay is recorded.</summary>
internal sealed class ImmediateTime : TimeProvider
{
    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Delays.Enqueue(dueTime);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }
        return new Inert();
    }

    private sealed class Inert : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// Engine processes that follow a script: the daemon's first <see cref="Failures"/> starts exit at once with
/// status 1, later ones run and answer the ping. containerd (a launch named *containerd) always runs.
/// </summary>
internal sealed class ScriptedEngines : IEngineProcess
{
    public int Failures { get; set; }
    public int DaemonStarts { get; private set; }
    public List<string> Calls { get; } = [];
    private readonly HashSet<string> _answering = [];

    public IEngineHandle Start(EngineLaunch launch, Action<string> notice)
    {
        lock (Calls)
        {
            Calls.Add($"start {launch.Name}");
            if (launch.Name.EndsWith("containerd", StringComparison.Ordinal))
            {
                _answering.Add(launch.Socket);
                return new Handle(alive: true);
            }
            DaemonStarts++;
            var fails = DaemonStarts <= Failures;
            if (!fails)
            {
                _answering.Add(launch.Socket);
            }
            return new Handle(alive: !fails);
        }
    }

    public void KillStale(string pidFile)
    {
    }

    public Task<bool> CanConnectAsync(string socket, TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            return Task.FromResult(_answering.Contains(socket));
        }
    }

    public Task<bool> PingAsync(string socket, TimeSpan timeout, CancellationToken cancellationToken) => CanConnectAsync(socket, timeout, cancellationToken);

    private sealed class Handle : IEngineHandle
    {
        private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Handle(bool alive)
        {
            if (!alive)
            {
                _exit.SetResult(1);
            }
        }

        public int Pid => 4242;

        public bool IsAlive => !_exit.Task.IsCompleted;

        public Task<int> Exited => _exit.Task;

        public void Signal(int signal) => _exit.TrySetResult(128 + signal);

        public void Dispose()
        {
        }
    }
}

/// <summary>A directory tree in memory: enough of <see cref="IFileStore"/> for the data root's repair.</summary>
internal sealed class MemoryFiles : IFileStore
{
    public SortedSet<string> Paths { get; } = new(StringComparer.Ordinal);
    public List<string> Calls { get; } = [];

    public string Root => "/";

    public string Resolve(string path) => path;

    public string? ReadText(string path) => null;

    public long? SizeOf(string path) => null;

    public IReadOnlyList<string> ListFiles(string directory) => [];

    public IReadOnlyList<string> ListEntries(string directory) =>
        Paths.Where(p => p.StartsWith(directory + "/", StringComparison.Ordinal) && !p[(directory.Length + 1)..].Contains('/'))
            .Select(p => p[(directory.Length + 1)..]).ToList();

    public void WriteAtomic(string path, string content, UnixFileMode mode, UnixFileMode directoryMode) => Paths.Add(path);

    public void EnsureDirectory(string path, UnixFileMode mode)
    {
        Calls.Add($"mkdir '{path}'");
        Paths.Add(path);
    }

    public void Move(string from, string to)
    {
        Calls.Add($"move '{from}' '{to}'");
        foreach (var p in Paths.Where(p => p == from || p.StartsWith(from + "/", StringComparison.Ordinal)).ToList())
        {
            Paths.Remove(p);
            Paths.Add(to + p[from.Length..]);
        }
    }

    public void Delete(string path)
    {
        Calls.Add($"delete '{path}'");
        Paths.RemoveWhere(p => p == path || p.StartsWith(path + "/", StringComparison.Ordinal));
    }

    public IDisposable Lock(string path) => new MemoryStream();
}

/// <summary>/proc/self/mounts as given.</summary>
internal sealed class StubKernel(string mounts) : IKernelInfo
{
    public string ReadCmdline() => "";

    public string ReadMounts() => mounts;

    public string ReadModules() => "";

    public long UptimeMs() => 0;

    public string RootFsType() => "ext4";

    public long SelfRssKiB() => 0;
}
