namespace InitOS.Core.Services;

/// <summary>
/// The recreate rule (reference §6): no container → create; <c>io.docker.compose.rebuild: always</c> →
/// recreate every boot; same hash → keep; hash changed → recreate, unless the rebuild label is
/// <c>false</c> (persistent containers), which keeps it with a "needs rebuilding" warning. A console whose
/// <c>io.rancher.os.console</c> label differs from its container's (another console was chosen) is always recreated.
/// </summary>
public static class Reconcile
{
    /// <summary>Decides for <paramref name="service"/> given its existing container (or null).</summary>
    public static ReconcileAction Decide(ServiceDefinition service, ContainerInfo? existing, string hash)
    {
        if (existing == null)
        {
            return ReconcileAction.Create;
        }
        var console = service.Spec.Labels.GetValueOrDefault(ServiceLabels.Console);
        var had = existing.Labels.GetValueOrDefault(ServiceLabels.Console);
        if ((console ?? Alternatives.Default) != (had ?? Alternatives.Default))
        {
            return ReconcileAction.Recreate;
        }
        if (string.Equals(service.Rebuild, "always", StringComparison.OrdinalIgnoreCase))
        {
            return ReconcileAction.Recreate;
        }
        if (existing.Labels.TryGetValue(ServiceLabels.ConfigHash, out var old) && old == hash)
        {
            return ReconcileAction.Keep;
        }
        return string.Equals(service.Rebuild, "false", StringComparison.OrdinalIgnoreCase)
            ? ReconcileAction.KeepStale
            : ReconcileAction.Recreate;
    }
}
