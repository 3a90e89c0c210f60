using InitOS.Core.Ports;
using InitOS.Core.Services;

namespace InitOS.TestKit;

/// <summary>
/// <see cref="IContainerEngine"/> over two tables, images and containers (by name): create adds a container, start,
/// stop and remove change it, pull and load add images. <see cref="Calls"/> records each call as one line.
/// </summary>
public sealed class FakeContainerEngine : IContainerEngine
{
    private readonly object _lock = new();
    private int _ids;

    /// <summary>The containers by name.</summary>
    public Dictionary<string, ContainerInfo> Containers { get; } = new(StringComparer.Ordinal);

    /// <summary>The images present.</summary>
    public HashSet<string> Images { get; } = new(StringComparer.Ordinal);

    /// <summary>Pulls that fail, by image, with the registry's reason.</summary>
    public Dictionary<string, string> PullFailures { get; } = new(StringComparer.Ordinal);

    /// <summary>The calls, in order: <c>pull IMAGE</c>, <c>create NAME</c>, <c>start NAME</c>, <c>stop NAME</c>, …</summary>
    public List<string> Calls { get; } = [];

    /// <summary>What <see cref="LogsAsync"/> answers for every container.</summary>
    public string Output { get; set; } = "";

    /// <summary>A container name whose inspect fails with an <see cref="IOException"/> ("engine gone").</summary>
    public string? FailFor { get; set; }

    /// <summary>False: the engine does not answer its ping.</summary>
    public bool Answering { get; set; } = true;

    /// <inheritdoc/>
    public string Endpoint { get; set; } = "unix:///test.sock";

    /// <inheritdoc/>
    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(Answering);

    /// <inheritdoc/>
    public Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Images.Contains(image));
        }
    }

    /// <inheritdoc/>
    public Task PullAsync(string image, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Calls.Add($"pull {image}");
            if (PullFailures.TryGetValue(image, out var reason))
            {
                throw new IOException($"Failed to pull '{image}': {reason}");
            }
            Images.Add(image);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc/>
    public Task LoadImagesAsync(string archivePath, CancellationToken cancellationToken)
    {
        Record($"load {archivePath}");
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ContainerInfo>> ListAsync(string label, CancellationToken cancellationToken)
    {
        var (key, value) = label.IndexOf('=') is var i and >= 0 ? (label[..i], label[(i + 1)..]) : (label, null);
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ContainerInfo>>(Containers.Values
                .Where(c => c.Labels.TryGetValue(key, out var v) && (value is null || v == value)).ToList());
        }
    }

    /// <inheritdoc/>
    public Task<ContainerInfo?> InspectAsync(string nameOrId, CancellationToken cancellationToken)
    {
        if (nameOrId == FailFor)
        {
            throw new IOException("engine gone");
        }
        lock (_lock)
        {
            return Task.FromResult(Find(nameOrId));
        }
    }

    /// <inheritdoc/>
    public Task<string> CreateAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Calls.Add($"create {spec.Name}");
            var id = $"c{++_ids:D4}";
            Containers[spec.Name] = new ContainerInfo(id, spec.Name, spec.Image, "created", 0, spec.Labels);
            AfterCreate?.Invoke(spec.Name);
            return Task.FromResult(id);
        }
    }

    /// <inheritdoc/>
    public async Task StartAsync(string id, CancellationToken cancellationToken)
    {
        if (BeforeStart is { } before)
        {
            await before(id);
        }
        await Change(id, "start", "running", 0);
    }

    /// <summary>Called with the container's name as each create returns.</summary>
    public Action<string>? AfterCreate { get; set; }

    /// <summary>Awaited at the beginning of each start with the container id (to hold a start while others run).</summary>
    public Func<string, Task>? BeforeStart { get; set; }

    /// <inheritdoc/>
    public Task StopAsync(string id, TimeSpan timeout, CancellationToken cancellationToken) => Change(id, "stop", "exited", 143);

    /// <inheritdoc/>
    public Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Calls.Add($"remove {id}");
            if (Find(id) is { } c)
            {
                Containers.Remove(c.Name);
            }
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc/>
    public Task<long> WaitAsync(string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Find(id)?.ExitCode ?? 0);
        }
    }

    /// <inheritdoc/>
    public Task<string> LogsAsync(string id, CancellationToken cancellationToken) => Task.FromResult(Output);

    private ContainerInfo? Find(string nameOrId) =>
        Containers.GetValueOrDefault(nameOrId) ?? Containers.Values.FirstOrDefault(c => c.Id == nameOrId);

    private Task Change(string id, string verb, string state, long exitCode)
    {
        lock (_lock)
        {
            Calls.Add($"{verb} {id}");
            if (Find(id) is not { } c)
            {
                throw new IOException($"No such container: {id}");
            }
            Containers[c.Name] = c with { State = state, ExitCode = exitCode };
            return Task.CompletedTask;
        }
    }

    private void Record(string call)
    {
        lock (_lock)
        {
            Calls.Add(call);
        }
    }
}
