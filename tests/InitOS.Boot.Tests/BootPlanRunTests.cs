using InitOS.Boot.Logging;
using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Boot.Tests;

/// <summary>
/// Issue 10 end to end over fakes: InitRuntime in container mode boots through the three phases of the plan, every
/// step writes its timing line once, and no step's line comes before the lines of the steps it needs.
/// </summary>
public class BootPlanRunTests
{
    [Fact]
    public async Task The_boot_runs_every_planned_step_after_its_needs()
    {
        var ring = new RingLog();
        var bootDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new BootLogger(() => 0, ring);
        log.Add(new Mark("initos-boot mark=boot-done", bootDone));
        var engine = new FakeContainerEngine();
        var ports = new InitPorts(new FakeSyscalls(), new FakeKernelInfo(), new MemoryFileStore(), new FakeBlockDevices(), new FakeProgramRunner(),
            new FakeEngineProcess(), _ => engine, new FakeSystemEvents(), ring, () => null);
        var init = new InitRuntime(ports, log, new InitOptions("v1", ContainerMode: true), new FakeClock());
        using var cts = new CancellationTokenSource();

        var run = init.RunAsync(cts.Token);
        await Task.WhenAny(bootDone.Task, run).Unwrap().WaitAsync(HangGuard.Limit);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(HangGuard.Limit));

        var lines = ring.Snapshot().Select(r => StepLine.Parse(r.Text)).OfType<(string Step, long StartMs, long DurationMs, StepResult Result)>().Select(l => l.Step).ToList();
        var plan = BootPlan.Create(containerMode: true, stateRequired: false);
        Assert.Equal(plan.Steps.Select(s => s.Name).Order(StringComparer.Ordinal), lines.Order(StringComparer.Ordinal));
        foreach (var step in plan.Steps)
        {
            Assert.All(step.Needs, need => Assert.True(lines.IndexOf(need) < lines.IndexOf(step.Name), $"{step.Name} ended before its need {need}"));
        }
        Assert.DoesNotContain(ring.Snapshot(), r => r.Progress == StepResult.Failed);
    }

    private sealed class Mark(string prefix, TaskCompletionSource seen) : IBootLog
    {
        public void Write(BootRecord record)
        {
            if (record.Text.StartsWith(prefix, StringComparison.Ordinal))
            {
                seen.TrySetResult();
            }
        }
    }
}
