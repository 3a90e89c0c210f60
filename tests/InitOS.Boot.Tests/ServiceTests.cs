using InitOS.Core.Config;
using InitOS.Core.Services;

namespace InitOS.Boot.Tests;

public class ServiceTests
{
    private static IReadOnlyList<ServiceDefinition> Parse(string yaml)
    {
        var tree = YamlText.Parse(yaml, "test.yml");
        var (services, errors) = ServiceParser.ParseAll((Dictionary<string, object?>)tree["services"]!);
        Assert.Empty(errors);
        return services;
    }

    private const string Defaults = """
        services:
          udev-cold:
            image: initos/os-base:v1
            command: ros udev-settle
            labels:
              io.rancher.os.scope: system
              io.rancher.os.detach: "false"
          udev:
            image: initos/os-base:v1
            command: [udevd, --debug]
            restart: always
            labels:
              io.rancher.os.scope: system
              io.rancher.os.after: udev-cold
          syslog:
            image: initos/os-base:v1
            labels:
              io.rancher.os.scope: system
          network:
            image: initos/os-base:v1
            log_driver: syslog
            labels:
              - io.rancher.os.scope=system
              - io.rancher.os.after=udev
              - io.rancher.os.reloadconfig=true
          system-volumes:
            image: initos/os-base:v1
            volumes: [/dev:/host/dev, /var/log]
            labels:
              io.rancher.os.scope: system
              io.rancher.os.createonly: "true"
          console:
            image: initos/os-console:v1
            volumes_from: [system-volumes]
            environment: {HOME: /home/rancher, N: 5}
            labels:
              io.rancher.os.scope: system
              io.rancher.os.after: network
              io.docker.compose.rebuild: always
          docker:
            image: initos/os-docker:v1
            labels:
              io.rancher.os.scope: system
              io.rancher.os.after: console
          hello:
            image: busybox
          early:
            image: initos/os-base:v1
            labels:
              io.rancher.os.scope: system
              io.rancher.os.before: udev-cold
        """;

    [Fact]
    public void Labels_become_scope_order_and_lifecycle()
    {
        var s = Parse(Defaults).ToDictionary(d => d.Name);
        Assert.Equal(ServiceScope.System, s["udev"].Scope);
        Assert.Equal(ServiceScope.User, s["hello"].Scope);
        Assert.False(s["udev-cold"].Detach);
        Assert.True(s["udev"].Detach);
        Assert.True(s["system-volumes"].CreateOnly);
        Assert.True(s["network"].ReloadConfig);
        Assert.Equal("always", s["console"].Rebuild);
        Assert.Equal(["ros", "udev-settle"], s["udev-cold"].Spec.Command);
        Assert.Equal(["udevd", "--debug"], s["udev"].Spec.Command);
        Assert.Equal("always", s["udev"].Spec.Restart.Name);
        Assert.Equal(["HOME=/home/rancher", "N=5"], s["console"].Spec.Environment);
        Assert.Equal(["/dev:/host/dev"], s["system-volumes"].Spec.Binds);
        Assert.Equal(["/var/log"], s["system-volumes"].Spec.Volumes);
        Assert.Equal(["network", "system-volumes"], s["console"].After.Order(StringComparer.Ordinal));
        Assert.Equal("udev", s["udev"].Spec.Labels[ServiceLabels.Service]);
        Assert.Equal("os", s["udev"].Spec.Labels[ServiceLabels.Project]);
    }

    [Fact]
    public void Plan_orders_explicit_inverse_and_implicit_dependencies()
    {
        var plan = ServiceGraph.Plan(Parse(Defaults));
        var order = plan.Order.Select(s => s.Name).ToList();
        bool Before(string a, string b) => order.IndexOf(a) < order.IndexOf(b);
        Assert.True(Before("udev-cold", "udev"));
        Assert.True(Before("early", "udev-cold"));
        Assert.True(Before("udev", "network"));
        Assert.True(Before("syslog", "network"));
        Assert.True(Before("system-volumes", "console"));
        Assert.True(Before("console", "docker"));
        Assert.True(Before("docker", "hello"));
        Assert.Equal(["docker"], plan.DependsOn["hello"]);
        Assert.Equal(["syslog", "udev"], plan.DependsOn["network"]);
        Assert.Empty(plan.Warnings);
    }

    [Fact]
    public void Issue_12_an_explicit_cycle_disables_only_its_services_named_in_one_warning()
    {
        var services = Parse("""
            services:
              a: {image: x, labels: {io.rancher.os.scope: system, io.rancher.os.after: b}}
              b: {image: x, labels: {io.rancher.os.scope: system, io.rancher.os.after: c}}
              c: {image: x, labels: {io.rancher.os.scope: system, io.rancher.os.after: a}}
              network: {image: x, labels: {io.rancher.os.scope: system}}
              console: {image: x, labels: {io.rancher.os.scope: system, io.rancher.os.after: network}}
              ntp: {image: x, labels: {io.rancher.os.scope: system, io.rancher.os.before: console}}
            """);
        var plan = ServiceGraph.Plan(services);
        Assert.Equal(["a", "b", "c"], plan.Disabled);
        Assert.Equal(["network", "ntp", "console"], plan.Order.Select(s => s.Name));
        Assert.Equal(["network", "ntp"], plan.DependsOn["console"]);
        Assert.Equal("Services 'a', 'b', 'c' wait for each other in a cycle (a -> b -> c -> a), not starting them", Assert.Single(plan.Warnings));
    }

    [Fact]
    public void Issue_12_a_dependant_of_a_cycle_still_starts_and_the_dropped_dependency_is_reported()
    {
        var services = Parse("""
            services:
              a: {image: x, labels: {io.rancher.os.scope: system, io.rancher.os.after: b}}
              b: {image: x, labels: {io.rancher.os.scope: system, io.rancher.os.after: a}}
              d: {image: x, labels: {io.rancher.os.scope: system, io.rancher.os.after: "a,e"}}
              e: {image: x, labels: {io.rancher.os.scope: system}}
            """);
        var plan = ServiceGraph.Plan(services);
        Assert.Equal(["a", "b"], plan.Disabled);
        Assert.Equal(["e", "d"], plan.Order.Select(s => s.Name));
        Assert.Equal(["e"], plan.DependsOn["d"]);
        Assert.Equal(2, plan.Warnings.Count);
        Assert.Contains("(a -> b -> a)", plan.Warnings[0]);
        Assert.Equal("Service 'd' starts after 'a', which is disabled by a dependency cycle, ignoring", plan.Warnings[1]);
    }

    [Fact]
    public void Two_separate_cycles_give_two_warnings_and_a_self_dependency_is_only_dropped()
    {
        var services = Parse("""
            services:
              a: {image: x, labels: {io.rancher.os.scope: system, io.rancher.os.after: b}}
              b: {image: x, labels: {io.rancher.os.scope: system, io.rancher.os.after: a}}
              p: {image: x, labels: {io.rancher.os.scope: system, io.rancher.os.before: q}}
              q: {image: x, labels: {io.rancher.os.scope: system, io.rancher.os.before: p}}
              self: {image: x, labels: {io.rancher.os.scope: system}}
            """).Select(s => s.Name == "self" ? s with { After = ["self"] } : s).ToList();
        var plan = ServiceGraph.Plan(services);
        Assert.Equal(["a", "b", "p", "q"], plan.Disabled);
        Assert.Equal(["self"], plan.Order.Select(s => s.Name));
        Assert.Equal(3, plan.Warnings.Count);
        Assert.Contains(plan.Warnings, w => w == "Service 'self' waits for itself, ignoring");
    }

    [Fact]
    public void A_chain_of_fifty_thousand_services_is_planned_without_recursion()
    {
        var services = Enumerable.Range(0, 50_000).Select(i => ServiceParser.Parse($"s{i:D5}", new Dictionary<string, object?>
        {
            ["image"] = "x",
            ["labels"] = new Dictionary<string, object?> { [ServiceLabels.Scope] = "system", [ServiceLabels.After] = i == 0 ? "s49999" : $"s{i - 1:D5}" },
        })).ToList();
        var plan = ServiceGraph.Plan(services);
        Assert.Equal(50_000, plan.Disabled.Count);
        Assert.Empty(plan.Order);
        Assert.Single(plan.Warnings);
    }

    [Fact]
    public void Implicit_cycle_and_unknown_dependency_are_dropped_with_warnings()
    {
        var services = Parse("""
            services:
              docker:
                image: x
                labels: {io.rancher.os.after: userthing}
              userthing:
                image: x
              lonely:
                image: x
                labels: {io.rancher.os.scope: system, io.rancher.os.after: ghost}
            """);
        var plan = ServiceGraph.Plan(services);
        Assert.Empty(plan.DependsOn["userthing"]);
        Assert.Equal(["userthing"], plan.DependsOn["docker"]);
        Assert.Equal(2, plan.Warnings.Count);
        Assert.Contains(plan.Warnings, w => w.Contains("'ghost'"));
    }

    [Fact]
    public void Bad_service_is_reported_and_others_kept()
    {
        var tree = YamlText.Parse("""
            services:
              good: {image: x}
              noimage: {command: echo}
              badrestart: {image: x, restart: sometimes}
              disabled:
            """, "t.yml");
        var (services, errors) = ServiceParser.ParseAll((Dictionary<string, object?>)tree["services"]!);
        Assert.Equal(["good"], services.Select(s => s.Name));
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Message == "Service 'badrestart': 'restart': unknown restart policy 'sometimes'");
        Assert.Contains(errors, e => e.Message == "Service 'noimage': 'image': is required");
    }

    [Fact]
    public void Hash_changes_with_the_definition_not_with_key_order()
    {
        var a = Parse("services:\n  s: {image: x, environment: {A: '1', B: '2'}, labels: {k: v, j: w}}\n")[0];
        var b = Parse("services:\n  s: {labels: {j: w, k: v}, environment: [B=2, A=1], image: x}\n")[0];
        var c = Parse("services:\n  s: {image: x, environment: {A: '1', B: '3'}, labels: {k: v, j: w}}\n")[0];
        Assert.Equal(ServiceHash.Compute(a.Spec), ServiceHash.Compute(b.Spec));
        Assert.NotEqual(ServiceHash.Compute(a.Spec), ServiceHash.Compute(c.Spec));
        var withHash = ServiceHash.WithHash(a.Spec);
        Assert.Equal(ServiceHash.Compute(a.Spec), ServiceHash.Compute(withHash));
        Assert.Equal(64, withHash.Labels[ServiceLabels.ConfigHash].Length);
    }

    [Fact]
    public void Issue_10_cpu_shares_is_a_weight_from_2_to_262144_and_part_of_the_hash()
    {
        var plain = Parse("services:\n  s: {image: x}\n")[0];
        var weighted = Parse("services:\n  s: {image: x, cpu_shares: 128}\n")[0];
        Assert.Equal(0, plain.Spec.CpuShares);
        Assert.Equal(128, weighted.Spec.CpuShares);
        Assert.NotEqual(ServiceHash.Compute(plain.Spec), ServiceHash.Compute(weighted.Spec));

        var tree = YamlText.Parse("services:\n  low: {image: x, cpu_shares: 1}\n  text: {image: x, cpu_shares: lots}\n  ok: {image: x, cpu_shares: '262144'}\n", "t.yml");
        var (services, errors) = ServiceParser.ParseAll((Dictionary<string, object?>)tree["services"]!);
        Assert.Equal(["ok"], services.Select(s => s.Name));
        Assert.Contains(errors, e => e.Message == "Service 'low': 'cpu_shares': not a CPU weight from 2 to 262144: '1'");
        Assert.Contains(errors, e => e.Message == "Service 'text': 'cpu_shares': not a CPU weight from 2 to 262144: 'lots'");
    }

    [Fact]
    public void Issue_10_annotations_reach_the_spec_in_map_or_list_form_and_the_hash()
    {
        var map = Parse("services:\n  s: {image: x, annotations: {io.containerd.runc.v2.group: initos-system}}\n")[0];
        var list = Parse("services:\n  s: {image: x, annotations: [io.containerd.runc.v2.group=initos-system]}\n")[0];
        var none = Parse("services:\n  s: {image: x}\n")[0];
        Assert.Equal(new Dictionary<string, string> { ["io.containerd.runc.v2.group"] = "initos-system" }, map.Spec.Annotations);
        Assert.Equal(map.Spec.Annotations, list.Spec.Annotations);
        Assert.Empty(none.Spec.Annotations);
        Assert.Equal(ServiceHash.Compute(map.Spec), ServiceHash.Compute(list.Spec));
        Assert.NotEqual(ServiceHash.Compute(map.Spec), ServiceHash.Compute(none.Spec));
    }

    [Fact]
    public void Reconcile_follows_the_rebuild_label()
    {
        var s = Parse("services:\n  s: {image: x}\n")[0];
        var hash = ServiceHash.Compute(s.Spec);
        ContainerInfo Existing(string h) => new("id", "s", "x", "exited", 0, new Dictionary<string, string> { [ServiceLabels.ConfigHash] = h });
        Assert.Equal(ReconcileAction.Create, Reconcile.Decide(s, null, hash));
        Assert.Equal(ReconcileAction.Keep, Reconcile.Decide(s, Existing(hash), hash));
        Assert.Equal(ReconcileAction.Recreate, Reconcile.Decide(s, Existing("old"), hash));
        Assert.Equal(ReconcileAction.KeepStale, Reconcile.Decide(s with { Rebuild = "false" }, Existing("old"), hash));
        Assert.Equal(ReconcileAction.Recreate, Reconcile.Decide(s with { Rebuild = "always" }, Existing(hash), hash));
    }

    [Fact]
    public void Shell_words_split_like_a_shell()
    {
        Assert.Equal(["sh", "-c", "echo 'hi there'"], ShellWords.Split("sh -c \"echo 'hi there'\""));
        Assert.Equal(["a b", "c"], ShellWords.Split(@"a\ b  c"));
        Assert.Throws<FormatException>(() => ShellWords.Split("echo 'oops"));
    }
}

public class EnvironmentOverlayTests
{
    [Fact]
    public void Proxy_variables_go_under_a_service_environment_without_replacing_its_own()
    {
        var tree = InitOS.Core.Config.YamlText.Parse("rancher:\n  network:\n    http_proxy: http://proxy.test:3128\n    no_proxy: localhost,10.0.0.0/8\n", "t.yml");
        var proxy = InitOS.Core.Network.ProxyEnvironment.From(tree);
        var env = InitOS.Core.Services.EnvironmentOverlay.Under(["DOCKER_RAMDISK=true", "http_proxy=http://own:1"], proxy);
        Assert.Equal(["DOCKER_RAMDISK=true", "HTTP_PROXY=http://proxy.test:3128", "NO_PROXY=localhost,10.0.0.0/8", "http_proxy=http://own:1", "no_proxy=localhost,10.0.0.0/8"], env);
    }

    [Fact]
    public void Without_proxy_settings_the_environment_is_unchanged()
    {
        var env = InitOS.Core.Services.EnvironmentOverlay.Under(["A=1"], InitOS.Core.Network.ProxyEnvironment.From(new Dictionary<string, object?>()));
        Assert.Equal(["A=1"], env);
    }
}
