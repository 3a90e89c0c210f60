using InitOS.Core.Boot;

namespace InitOS.Boot.Steps;

/// <summary>Step <c>read-cmdline</c>: logs the kernel command line, which may carry <c>rancher.password</c> and other
/// secrets, with their values masked (<see cref="Redact.Cmdline"/>).</summary>
public sealed class ReadKernelCmdline(BootContext boot)
{
    /// <summary>Runs the step.</summary>
    public Task<StepResult> RunAsync(CancellationToken cancellationToken)
    {
        boot.Log.Info($"Kernel command line: {Redact.Cmdline(boot.Ports.Kernel.ReadCmdline())}");
        return Task.FromResult(StepResult.Ok);
    }
}
