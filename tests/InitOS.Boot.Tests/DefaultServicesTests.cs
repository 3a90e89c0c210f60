using InitOS.Core.Boot;
using InitOS.Core.Config;
using InitOS.Core.Services;

namespace InitOS.Boot.Tests;

/// <summary>The services of the shipped os-config.yml parse, order and use the InitOS images.</summary>
public class DefaultServicesTests
{
    internal static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Join(dir.FullName, "InitOS.sln")))
        {
            dir = dir.Parent;
        }
        // Tests may run from an artifacts path outside the tree: fall back to the source location.
        var root = dir?.FullName ?? Path.GetFullPath(Path.Join(CallerDirectory(), "..", ".."));
        return Path.Join(root, relative);
    }

    private static string CallerDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private static IReadOnlyList<ServiceDefinition> Load()
    {
        var tree = YamlText.Parse(File.ReadAllText(RepoFile("rootfs/overlay/usr/share/ros/os-config.yml")), "os-config.yml");
        var rancher = (Dictionary<string, object?>)tree["rancher"]!;
        var (services, errors) = ServiceParser.ParseAll((Dictionary<string, object?>)rancher["services"]!, new Dictionary<string, string> { ["VERSION"] = "1.2.3" });
        Assert.Empty(errors);
        return services;
    }

    [Fact]
    public void Default_services_are_system_scoped_and_use_versioned_initos_images()
    {
        var services = Load();
        Assert.Equal(
            ["acpid", "console", "docker", "network", "ntp", "syslog", "system-volumes", "udev", "udev-cold", "user-volumes"],
            services.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.All(services, s => Assert.Equal(ServiceScope.System, s.Scope));
        Assert.All(services, s => Assert.Matches(@"^initos/os-(base|console|docker):1\.2\.3$", s.Spec.Image));
        Assert.True(services.Single(s => s.Name == "system-volumes").CreateOnly);
        Assert.False(services.Single(s => s.Name == "udev-cold").Detach);
        Assert.Contains("/var/lib/user-docker:/var/lib/docker", services.Single(s => s.Name == "docker").Spec.Binds);
    }

    [Fact]
    public void Issue_8_the_console_runs_console_init_and_is_kept_across_boots()
    {
        var services = Load();
        var console = services.Single(s => s.Name == "console");
        Assert.Equal(["/usr/bin/initos", "console-init"], console.Spec.Command);
        Assert.Null(console.Rebuild);
        Assert.Equal("host", console.Spec.PidMode);
        Assert.Contains("/usr/bin/initos:/usr/bin/initos:ro", services.Single(s => s.Name == "system-volumes").Spec.Binds);
        // same definition -> the existing console is kept (no rebuild label), a changed one is recreated
        var hash = ServiceHash.Compute(console.Spec);
        var existing = new ContainerInfo("id", "console", console.Spec.Image, "running", 0, new Dictionary<string, string> { [ServiceLabels.ConfigHash] = hash });
        Assert.Equal(ReconcileAction.Keep, Reconcile.Decide(console, existing, hash));
        Assert.Equal(ReconcileAction.Recreate, Reconcile.Decide(console, existing, "other"));
    }

    [Fact]
    public void Default_services_start_in_dependency_order()
    {
        var plan = ServiceGraph.Plan(Load());
        Assert.Empty(plan.Warnings);
        var order = plan.Order.Select(s => s.Name).ToList();
        bool Before(string a, string b) => order.IndexOf(a) < order.IndexOf(b);
        Assert.True(Before("system-volumes", "udev-cold"));
        Assert.True(Before("udev-cold", "udev"));
        Assert.True(Before("udev", "network"));
        Assert.True(Before("network", "ntp"));
        Assert.True(Before("network", "console"));
        Assert.True(Before("user-volumes", "docker"));
    }

    [Fact]
    public void User_engine_flags_come_from_rancher_docker()
    {
        var tree = YamlText.Parse(File.ReadAllText(RepoFile("rootfs/overlay/usr/share/ros/os-config.yml")), "os-config.yml");
        var docker = (Dictionary<string, object?>)((Dictionary<string, object?>)tree["rancher"]!)["docker"]!;
        var args = DockerDaemonArgs.Build(docker);
        Assert.Contains("unix:///var/run/docker.sock", args);
        Assert.Equal("--host", args[args.ToList().IndexOf("unix:///var/run/docker.sock") - 1]);
        Assert.DoesNotContain("--tlsverify", args);
    }
}
