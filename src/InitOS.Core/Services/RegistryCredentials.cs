namespace InitOS.Core.Services;

/// <summary>Credentials for one registry, from <c>rancher.registry_auths</c>.</summary>
/// <param name="Server">The registry as configured (<c>registry.example.com:5000</c>, <c>https://index.docker.io/v1/</c>).</param>
/// <param name="Username">User name (may be empty with an identity token).</param>
/// <param name="Password">Password (never logged).</param>
/// <param name="Auth">Base64 <c>user:password</c> as Docker's config stores it, or empty.</param>
/// <param name="IdentityToken">An OAuth identity token, or empty.</param>
public sealed record RegistryCredentials(string Server, string Username, string Password, string Auth, string IdentityToken)
{
    /// <summary>Never prints the secrets.</summary>
    public override string ToString() => $"RegistryCredentials {{ Server = {Server}, Username = {Username} }}";
}
