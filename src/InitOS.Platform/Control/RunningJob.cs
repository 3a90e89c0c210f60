using InitOS.Core.Control;

namespace InitOS.Platform.Control;

/// <summary>One job while it runs: what the job object at <see cref="Path"/> answers.</summary>
internal sealed class RunningJob
{
    public RunningJob(uint id, string unit, ServiceJob? job, TimeProvider time)
    {
        Cancellation = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        Id = id;
        Unit = unit;
        JobType = ControlInterfaces.JobTypeOf(job);
        Path = ObjectPaths.Job(id);
    }

    /// <summary>The job's id (the last element of its path).</summary>
    public uint Id { get; }

    /// <summary>The service it works on (empty for a reload).</summary>
    public string Unit { get; }

    /// <summary><c>start</c>, <c>stop</c>, …, <c>reload</c>.</summary>
    public string JobType { get; }

    /// <summary>Its object path.</summary>
    public string Path { get; }

    /// <summary>Always <c>running</c>: a job object exists only while its job runs.</summary>
    public string State => "running";

    /// <summary>Fires on <c>Cancel()</c>, on the job timeout (kept on the table's clock) and when the server stops.</summary>
    public CancellationTokenSource Cancellation { get; }

    /// <summary>The job's run, which never faults (set when it starts).</summary>
    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>True after <c>Cancel()</c> (so the outcome says canceled, not timeout).</summary>
    public bool CancelRequested { get; set; }
}
