using InitOS.Boot.State;
using InitOS.Core.Boot;

namespace InitOS.Boot.Steps;

/// <summary>
/// Step <c>bind-persistent</c>: the persisted directories (<see cref="PersistencePlan"/>) bound from the state partition
/// mounted by <c>mount-state</c>; the binds are added to the shutdown's unmounts together, above the partition.
/// </summary>
/// <param name="boot">Ports, log, options and the shutdown's unmount list.</param>
/// <param name="partition">The state partition mount-state mounted (or not: then nothing persists).</param>
/// <param name="settings"><c>rancher.state</c>, read when the step runs (its directory).</param>
public sealed class BindPersistentDirectories(BootContext boot, StatePartition partition, Func<StateSettings> settings)
{
    /// <summary>Runs the step.</summary>
    public Task<StepResult> RunAsync(CancellationToken cancellationToken)
    {
        var state = settings();
        var result = partition.BindPersistent(state);
        if (partition.Device != null)
        {
            boot.Shutdown.Unmounts.AddRange(PersistencePlan.Binds(state.Directory).Select(b => b.Target));
        }
        return Task.FromResult(result);
    }
}
