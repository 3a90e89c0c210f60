namespace InitOS.Core.Datasources;

/// <summary>
/// Probes datasources concurrently within one time window and picks deterministically: the first
/// datasource in configured order that was found, once every datasource before it has given up (or the
/// window has closed). A source answering "retry" is tried again with a backoff of 200 ms doubling to 2 s.
/// When nothing answers the round ends at the window; a source stuck in a call that ignores cancellation is
/// abandoned one second later, so a round never lasts longer than the window plus one second.
/// </summary>
public static class DatasourceProber
{
    /// <summary>
    /// The default window: the boot goes on within 10 s when nothing answers (the bound InitOS promises),
    /// leaving room for process start and the 1 s grace for a source stuck in a call.
    /// </summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(8);

    /// <summary>Runs one probe round.</summary>
    public static async Task<ProbeOutcome> ProbeAsync(IReadOnlyList<IDatasource> sources, TimeSpan window, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var windowCts = new CancellationTokenSource(window, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(windowCts.Token, cancellationToken);
        var tasks = sources.Select(source => Task.Run(() => RunAsync(source, started, time, linked.Token), CancellationToken.None)).ToArray();
        var chosen = -1;
        var pending = new HashSet<Task>(tasks);
        // A source stuck in a call that ignores cancellation must not hold the round past the window.
        var hardStop = Task.Delay(window + TimeSpan.FromSeconds(1), time, cancellationToken);
        while (pending.Count > 0)
        {
            var decided = Decide(tasks);
            if (decided is not null)
            {
                chosen = decided.Value;
                break;
            }
            var done = await Task.WhenAny(pending.Append(hardStop)).ConfigureAwait(false);
            if (done == hardStop)
            {
                break;
            }
            pending.Remove(done);
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (chosen < 0)
        {
            // Window closed: the first in order among those found within it.
            chosen = Array.FindIndex(tasks, t => t.IsCompletedSuccessfully && t.Result.State == ProbeState.Found);
        }
        await windowCts.CancelAsync().ConfigureAwait(false);
        // The losers stop at their next await; one stuck in a call that ignores cancellation is abandoned at the
        // hard stop, so a round never lasts longer than the window plus one second.
        await Task.WhenAny(Task.WhenAll(tasks), hardStop).ConfigureAwait(false);
        var reports = new List<ProbeReport>();
        for (var i = 0; i < tasks.Length; i++)
        {
            reports.Add(tasks[i].IsCompletedSuccessfully
                ? tasks[i].Result
                : new ProbeReport(sources[i].Name, ProbeState.Retry, "no answer within the window", 0, time.GetElapsedTime(started), null));
        }
        var result = chosen >= 0 ? reports[chosen].Result : null;
        return new ProbeOutcome(result, reports, time.GetElapsedTime(started));
    }

    /// <summary>
    /// The index of the pick when it is already certain: the first found source with every earlier one
    /// finished without data; -1 when all finished without data; <c>null</c> while undecided.
    /// </summary>
    private static int? Decide(Task<ProbeReport>[] tasks)
    {
        for (var i = 0; i < tasks.Length; i++)
        {
            if (!tasks[i].IsCompletedSuccessfully)
            {
                return null;
            }
            if (tasks[i].Result.State == ProbeState.Found)
            {
                return i;
            }
        }
        return -1;
    }

    private static async Task<ProbeReport> RunAsync(IDatasource source, long started, TimeProvider time, CancellationToken token)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        var attempts = 0;
        ProbeAttempt last = ProbeAttempt.Retry("not probed");
        try
        {
            while (true)
            {
                attempts++;
                try
                {
                    last = await source.TryFetchAsync(token).ConfigureAwait(false);
                }
                catch (DatasourceFormatException e)
                {
                    last = ProbeAttempt.Failed(e.Message);
                }
                catch (DatasourceUnavailableException e)
                {
                    last = ProbeAttempt.Retry(e.Message);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A parser bug in one datasource must not end the round for the others.
                    last = ProbeAttempt.Failed($"{e.GetType().Name}: {e.Message}");
                }
                if (last.State != ProbeState.Retry)
                {
                    break;
                }
                await Task.Delay(delay, time, token).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            last = ProbeAttempt.Retry(last.Reason is null ? "no answer within the window" : $"{last.Reason} (window closed)");
        }
        return new ProbeReport(source.Name, last.State, last.Reason, attempts, time.GetElapsedTime(started), last.Result);
    }
}
