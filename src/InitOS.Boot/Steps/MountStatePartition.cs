using InitOS.Boot.State;
using InitOS.Core.Boot;

namespace InitOS.Boot.Steps;

/// <summary>
/// Step <c>mount-state</c>: the state partition on <see cref="StateSettings.MountPoint"/> (found, autoformatted when
/// blank, checked; see <see cref="StatePartition.MountAsync"/>), which the shutdown unmounts. Nothing in container mode.
/// </summary>
/// <param name="boot">Ports, log, options and the shutdown's unmount list (added to under its lock: mount-boot adds to it at the same time).</param>
/// <param name="partition">The state partition of this boot (bind-persistent reads its device after this step).</param>
/// <param name="settings"><c>rancher.state</c>, read when the step runs (the settings of load-config).</param>
public sealed class MountStatePartition(BootContext boot, StatePartition partition, Func<StateSettings> settings)
{
    /// <summary>Runs the step; throws when the partition is required and not mounted.</summary>
    public async Task<StepResult> RunAsync(CancellationToken cancellationToken)
    {
        if (boot.Options.ContainerMode)
        {
            boot.Log.Info("Container mode: no state partition");
            return StepResult.Ok;
        }
        var result = await partition.MountAsync(settings(), cancellationToken).ConfigureAwait(false);
        if (partition.Device != null)
        {
            boot.Shutdown.Unmounts.Add(StateSettings.MountPoint);
        }
        return result;
    }
}
