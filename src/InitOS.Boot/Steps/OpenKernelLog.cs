using InitOS.Core.Boot;

namespace InitOS.Boot.Steps;

/// <summary>Step <c>open-kmsg</c>: <c>/dev/kmsg</c> becomes a sink of the logger (not in container mode: the host's
/// kernel log is not ours to write to).</summary>
public sealed class OpenKernelLog(BootContext boot)
{
    /// <summary>Runs the step; throws <see cref="IOException"/> when the kernel log cannot be opened.</summary>
    public Task<StepResult> RunAsync(CancellationToken cancellationToken)
    {
        if (boot.Options.ContainerMode)
        {
            return Task.FromResult(StepResult.Ok);
        }
        if (boot.Ports.OpenKmsg() is not { } kmsg)
        {
            throw new IOException("cannot open '/dev/kmsg'");
        }
        boot.Log.Add(kmsg);
        return Task.FromResult(StepResult.Ok);
    }
}
