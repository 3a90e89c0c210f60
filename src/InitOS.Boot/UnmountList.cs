namespace InitOS.Boot;

/// <summary>
/// The mounts the shutdown takes down (innermost last, unmounted in reverse), safe to add to from boot steps that run
/// at the same time (<c>mount-state</c>, <c>bind-persistent</c> and <c>mount-boot</c>) and from an engine repair.
/// </summary>
public sealed class UnmountList
{
    private readonly Lock _gate = new();
    private readonly List<string> _targets = [];

    /// <summary>How many targets are listed.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _targets.Count;
            }
        }
    }

    /// <summary>Adds a mount on top of those listed (unmounted before them).</summary>
    public void Add(string target)
    {
        lock (_gate)
        {
            _targets.Add(target);
        }
    }

    /// <summary>Adds mounts in order, together (nothing another step adds comes between them).</summary>
    public void AddRange(IEnumerable<string> targets)
    {
        var list = targets.ToList();
        lock (_gate)
        {
            _targets.AddRange(list);
        }
    }

    /// <summary>Inserts a mount at <paramref name="index"/> (0: under everything, unmounted last).</summary>
    public void Insert(int index, string target)
    {
        lock (_gate)
        {
            _targets.Insert(index, target);
        }
    }

    /// <summary>The targets now, in list order (the shutdown walks it from the end).</summary>
    public IReadOnlyList<string> Snapshot()
    {
        lock (_gate)
        {
            return [.. _targets];
        }
    }
}
