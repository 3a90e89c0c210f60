using System.Diagnostics;
using InitOS.Core.Boot;
using InitOS.Platform.Linux;

namespace InitOS.Platform.IntegrationTests;

/// <summary>The shutdown's view of what is left running, read from this machine's real /proc.</summary>
public sealed class ProcessTableTests
{
    [Fact]
    public async Task A_child_is_living_until_it_exits_and_kernel_threads_and_this_process_never_are()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        try
        {
            var stats = new ProcFs().ReadProcessStats();
            Assert.Contains(stats, s => s.StartsWith($"{Environment.ProcessId} (", StringComparison.Ordinal));
            var living = ProcessTable.Living(stats, Environment.ProcessId);
            Assert.Contains(new ProcessTable.Entry(sleeper.Id, "sleep"), living);
            Assert.DoesNotContain(living, p => p.Pid == Environment.ProcessId || p.Pid == 1);
            Assert.DoesNotContain(living, p => p.Name == "kthreadd"); // PF_KTHREAD, when the host shows it at all
        }
        finally
        {
            sleeper.Kill();
            await sleeper.WaitForExitAsync().WaitAsync(HangGuard.Limit);
        }
        Assert.DoesNotContain(ProcessTable.Living(new ProcFs().ReadProcessStats(), Environment.ProcessId), p => p.Pid == sleeper.Id);
    }
}
