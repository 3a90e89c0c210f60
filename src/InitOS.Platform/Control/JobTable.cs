using System.Collections.Concurrent;
using InitOS.Core.Control;

namespace InitOS.Platform.Control;

/// <summary>
/// The jobs that run: ids, one job per service at a time (a second one is refused as Busy), the job timeout, and
/// the JobNew/JobRemoved signals.
/// </summary>
internal sealed class JobTable
{
    private readonly ConcurrentDictionary<uint, RunningJob> _byId = new();
    private readonly Dictionary<string, RunningJob> _byUnit = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly Subscribers _subscribers;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private int _lastId;
    private bool _stopped;

    public JobTable(Subscribers subscribers, TimeSpan timeout, TimeProvider time)
    {
        _subscribers = subscribers;
        _timeout = timeout;
        _time = time;
    }

    /// <summary>The job with <paramref name="id"/> while it runs, or null.</summary>
    public RunningJob? Find(uint id) => _byId.GetValueOrDefault(id);

    /// <summary>The running jobs, by id.</summary>
    public IReadOnlyList<RunningJob> All => _byId.Values.OrderBy(j => j.Id).ToList();

    /// <summary>The job running on <paramref name="unit"/>, or null.</summary>
    public RunningJob? OnUnit(string unit)
    {
        lock (_gate)
        {
            return _byUnit.GetValueOrDefault(unit);
        }
    }

    /// <summary>
    /// Allocates a job for <paramref name="unit"/> (not started: reply with its path first, then call
    /// <see cref="Start"/>).
    /// </summary>
    /// <exception cref="ControlException"><see cref="ControlNames.ErrorBusy"/>: a job runs on the unit already;
    /// <see cref="ControlNames.ErrorNotReady"/>: the server stops.</exception>
    public RunningJob Allocate(string unit, ServiceJob? job)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                throw new ControlException(ControlNames.ErrorNotReady, "The control server is stopping");
            }
            if (_byUnit.TryGetValue(unit, out var other))
            {
                string what = unit.Length == 0 ? "the configuration" : $"service '{unit}'";
                throw new ControlException(ControlNames.ErrorBusy, $"A {other.JobType} job runs on {what} already: {other.Path}");
            }
            var running = new RunningJob((uint)Interlocked.Increment(ref _lastId), unit, job, _time);
            _byUnit[unit] = running;
            _byId[running.Id] = running;
            return running;
        }
    }

    /// <summary>Runs <paramref name="work"/> as the job's body; announces the job and its end to the subscribers.</summary>
    public void Start(RunningJob job, Func<CancellationToken, Task<JobOutcome>> work)
    {
        _subscribers.JobNew(job);
        job.Cancellation.CancelAfter(_timeout);
        job.Completion = RunAsync(job, work);
    }

    private async Task RunAsync(RunningJob job, Func<CancellationToken, Task<JobOutcome>> work)
    {
        JobOutcome outcome;
        try
        {
            await Task.Yield(); // the caller's reply goes out before the work starts
            outcome = await work(job.Cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested)
        {
            outcome = job.CancelRequested
                ? new JobOutcome("canceled", "Canceled")
                : new JobOutcome("timeout", $"The job did not finish within {_timeout.TotalSeconds:0} s");
        }
        catch (ControlException e)
        {
            outcome = JobOutcome.Failed(e.Message);
        }
        catch (Exception e)
        {
            outcome = JobOutcome.Failed(e.Message);
        }
        lock (_gate)
        {
            _byUnit.Remove(job.Unit);
            _byId.TryRemove(job.Id, out _);
        }
        _subscribers.JobRemoved(job, outcome);
        job.Cancellation.Dispose();
    }

    /// <summary>Refuses new jobs, cancels the running ones and waits for them (bounded by <paramref name="grace"/>).</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        List<RunningJob> running;
        lock (_gate)
        {
            _stopped = true;
            running = _byId.Values.ToList();
        }
        foreach (var job in running)
        {
            try
            {
                job.CancelRequested = true;
                job.Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // it finished meanwhile
            }
        }
        await Task.WhenAny(Task.WhenAll(running.Select(j => j.Completion)), Task.Delay(grace, _time)).ConfigureAwait(false);
    }
}
