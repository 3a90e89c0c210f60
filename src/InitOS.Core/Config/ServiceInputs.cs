using InitOS.Core.Services;

namespace InitOS.Core.Config;

/// <summary>The part of <see cref="BootSettings"/> the system services are built from; the raw service maps are
/// parsed later by <see cref="ServiceCatalogue"/> and <see cref="ServiceParser"/>, which report their own problems.</summary>
public sealed record ServiceInputs
{
    /// <summary>The registry images come from when <see cref="RegistryDomain"/> is unset or blank.</summary>
    public const string DefaultRegistryDomain = RegistryAuths.DockerHub;

    /// <summary><c>rancher.services</c>: the compose definitions (default null: none).</summary>
    public Setting<IReadOnlyDictionary<string, object?>?> Definitions { get; init; } = new(null);

    /// <summary><c>rancher.services_include</c>: catalogue entries, enabled or not (default null: none).</summary>
    public Setting<IReadOnlyDictionary<string, object?>?> Includes { get; init; } = new(null);

    /// <summary><c>rancher.console</c>: the console of <see cref="Alternatives.Console"/>'s catalogue (default null:
    /// the built-in one).</summary>
    public Setting<string?> Console { get; init; } = new(null);

    /// <summary><c>rancher.docker.engine</c>: the user engine of <see cref="Alternatives.Engine"/>'s catalogue
    /// (default null: the built-in one).</summary>
    public Setting<string?> Engine { get; init; } = new(null);

    /// <summary><c>rancher.environment.REGISTRY_DOMAIN</c>: what <c>${REGISTRY_DOMAIN}</c> in an image name stands for
    /// (default <see cref="DefaultRegistryDomain"/>; blank means the default).</summary>
    public Setting<string> RegistryDomain { get; init; } = new(DefaultRegistryDomain);
}
