namespace InitOS.Core.Services;

/// <summary>
/// The recreate rule (reference §6): no container → create; <c>io.docker.compose.rebuild: always</c> →
/// recreate every boot; same hash → keep; hash changed → recreate, unless the rebuild label is
/// <c>false</c> (persistent containers), which keeps it with a "needs rebuilding" warning.
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
