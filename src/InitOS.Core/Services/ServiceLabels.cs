namespace InitOS.Core.Services;

/// <summary>The RancherOS service labels (reference §5.1) and the orchestrator's own.</summary>
public static class ServiceLabels
{
    /// <summary><c>system</c> = system engine.</summary>
    public const string Scope = "io.rancher.os.scope";
    /// <summary>Comma list of services to start after.</summary>
    public const string After = "io.rancher.os.after";
    /// <summary>Comma list of services to start before.</summary>
    public const string Before = "io.rancher.os.before";
    /// <summary><c>false</c> = one-shot: wait for it to exit before dependants start.</summary>
    public const string Detach = "io.rancher.os.detach";
    /// <summary><c>true</c> = create, never start.</summary>
    public const string CreateOnly = "io.rancher.os.createonly";
    /// <summary><c>true</c> = reload the config once it is up.</summary>
    public const string ReloadConfig = "io.rancher.os.reloadconfig";
    /// <summary>The console flavour.</summary>
    public const string Console = "io.rancher.os.console";
    /// <summary><c>always</c> = recreate every boot; <c>false</c> = never recreate on change.</summary>
    public const string Rebuild = "io.docker.compose.rebuild";
    /// <summary>The project every service belongs to.</summary>
    public const string Project = "io.docker.compose.project";
    /// <summary>The service name.</summary>
    public const string Service = "io.docker.compose.service";
    /// <summary>Hash of the definition, for recreate-on-change.</summary>
    public const string ConfigHash = "io.docker.compose.config-hash";
    /// <summary>The project name of the OS services.</summary>
    public const string ProjectName = "os";
}
