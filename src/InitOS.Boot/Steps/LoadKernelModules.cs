using InitOS.Core.Boot;

namespace InitOS.Boot.Steps;

/// <summary>
/// Step <c>load-modules</c>: <see cref="BootModules.Early"/> (what the next steps mount), then the entries of
/// <c>rancher.modules</c> not loaded yet; in between it starts <see cref="BootModules.ForEngines"/> in the background
/// (<see cref="EngineModules"/>, awaited by <c>start-system-engine</c>, so they load while the state phase runs).
/// In container mode only <c>rancher.modules</c>.
/// </summary>
/// <param name="boot">Ports, log and options.</param>
/// <param name="modules"><c>rancher.modules</c>, read when the step runs (the settings of load-config).</param>
public sealed class LoadKernelModules(BootContext boot, Func<IReadOnlyList<string>> modules)
{
    /// <summary>The engines' modules loading in the background once the step started them (null before, and in
    /// container mode); false (said once) when some failed. Bounded by modprobe's own timeout.</summary>
    public Task<bool>? EngineModules { get; private set; }

    /// <summary>Runs the step: Degraded when a module failed to load.</summary>
    public async Task<StepResult> RunAsync(CancellationToken cancellationToken)
    {
        var result = StepResult.Ok;
        var ports = boot.Ports;
        if (!boot.Options.ContainerMode)
        {
            var (code, output) = await ports.Programs.RunAsync("modprobe", ["-a", .. BootModules.Early], TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                boot.Log.Warn($"Failed to load some boot modules: {output.Trim()}, continuing");
                result = StepResult.Degraded;
            }
            EngineModules = LoadEngineModulesAsync(cancellationToken);
        }
        foreach (var args in BootModules.Pending(modules(), ports.Kernel.ReadModules()))
        {
            var (code, output) = await ports.Programs.RunAsync("modprobe", args, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                boot.Log.Warn($"Failed to load module '{args[0]}': {output.Trim()}, continuing");
                result = StepResult.Degraded;
            }
        }
        return result;
    }

    /// <summary>The engines' modules, loaded while the state phase runs; false (said once) when some failed.</summary>
    private async Task<bool> LoadEngineModulesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (code, output) = await boot.Ports.Programs.RunAsync("modprobe", ["-a", .. BootModules.ForEngines], TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                boot.Log.Warn($"Failed to load some of the engines' modules: {output.Trim()}, continuing");
            }
            return code == 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e)
        {
            boot.Log.Warn($"Failed to load the engines' modules: {e.Message}, continuing");
            return false;
        }
    }
}
