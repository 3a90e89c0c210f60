using InitOS.Core.Config;
using InitOS.Core.Network;
using InitOS.Core.Services;
using Xunit.Abstractions;

namespace InitOS.Core.Tests.Fuzz;

/// <summary>
/// Issue 12, "never bricked": mutated configurations (type swaps, deletions, huge values, deep nesting, aliases
/// and alias bombs, invalid UTF-8, CRLF, empty, truncated and byte-flipped files) and mutated kernel lines go
/// through the real loader, the kernel-line parser, the typed settings and the service planning. Each must
/// load without an exception, keep <c>rancher.state.dev</c> and <c>rancher.console</c> where they were valid in
/// the input, and give a service plan that starts every service not in a cycle after its dependencies.
/// Deterministic: a fixed seed; a failure names the case number and the mutation.
/// </summary>
public class ConfigFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 12;
    private const int Cases = 600;
    private const string Layer = ConfigPaths.CloudConfigDir + "/50-fuzz.yml";

    [Fact]
    public void Issue_12_mutated_configs_always_load_and_keep_the_valid_state_device_and_console()
    {
        var random = new Random(Seed);
        var files = new ConfigMutator(random);
        var lines = new KernelLineMutator(random);
        using var root = new TempRoot().With(ConfigPaths.UserConfig, "rancher:\n  log: true\n").With(Layer, "");
        var byEffect = new Dictionary<MutationEffect, int>();
        var refused = 0;
        var keysSkipped = 0;
        var argumentsSkipped = 0;
        for (var n = 0; n < Cases; n++)
        {
            var file = files.Next();
            var line = lines.Next();
            File.WriteAllBytes(root.Files.Resolve(Layer), file.Bytes);
            root.With(ConfigPaths.Cmdline, line.Text);
            var what = $"case {n} ({file.Description}; kernel line '{Short(line.Text)}')";
            byEffect[file.Effect] = byEffect.GetValueOrDefault(file.Effect) + 1;

            LoadedConfig config;
            try
            {
                config = ConfigLoader.Load(root.Files);
            }
            catch (Exception e)
            {
                Assert.Fail($"{what}: the loader threw {e.GetType().Name}: {e.Message}");
                return;
            }
            var fileRefused = config.Diagnostics.Any(d => d.Source == Layer && d.Message.EndsWith("; file skipped", StringComparison.Ordinal));
            refused += fileRefused ? 1 : 0;
            keysSkipped += config.Diagnostics.Count(d => d.Source == Layer && d.Message.EndsWith(" skipped", StringComparison.Ordinal) && !d.Message.EndsWith("file skipped", StringComparison.Ordinal));
            argumentsSkipped += config.Diagnostics.Count(d => d.Message.EndsWith("; argument skipped", StringComparison.Ordinal));
            CheckFileOutcome(file, fileRefused, what);
            CheckProtectedKeys(config, file, line, fileRefused, what);
            Assert.True(config.GetBool("rancher.log"), $"{what}: the user layer was lost");
            CheckEverythingReadsWithoutThrowing(config, line, what);
            CheckServicePlan(config, what);
        }
        output.WriteLine($"INITOS-MEASURE: config fuzz: {Cases} cases (seed {Seed}); "
            + $"by effect {string.Join(", ", byEffect.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}; {refused} files refused whole, {keysSkipped} keys and {argumentsSkipped} kernel arguments skipped alone");
        Assert.True(Cases >= 500);
        // every kind of outcome was exercised, so the oracle is not vacuous
        Assert.All(Enum.GetValues<MutationEffect>(), e => Assert.True(byEffect.GetValueOrDefault(e) > 0, $"{e}: no case"));
        Assert.InRange(refused, 20, Cases - 100);
        Assert.True(keysSkipped > 50, $"only {keysSkipped} keys skipped alone");
        Assert.True(argumentsSkipped > 200, $"only {argumentsSkipped} kernel arguments skipped alone");
    }

    private static void CheckFileOutcome(MutatedFile file, bool fileRefused, string what)
    {
        if (file.Effect == MutationEffect.KeepsFile)
        {
            Assert.False(fileRefused, $"{what}: the file was refused whole");
        }
        if (file.Effect == MutationEffect.RefusesFile)
        {
            Assert.True(fileRefused, $"{what}: a file over a limit was loaded");
        }
    }

    private static void CheckProtectedKeys(LoadedConfig config, MutatedFile file, MutatedKernelLine line, bool fileRefused, string what)
    {
        var fileIntact = !fileRefused && file.Effect != MutationEffect.Anything;
        if (line.StateDev != null)
        {
            Assert.True(line.StateDev == config.GetString("rancher.state.dev"), $"{what}: rancher.state.dev is '{config.GetString("rancher.state.dev")}', not the kernel's");
        }
        else if (fileIntact)
        {
            Assert.True(ConfigMutator.StateDev == config.GetString("rancher.state.dev"), $"{what}: rancher.state.dev is '{config.GetString("rancher.state.dev")}'");
        }
        else if (fileRefused)
        {
            Assert.Null(config.Get("rancher.state.dev"));
        }
        if (fileIntact)
        {
            Assert.True(ConfigMutator.Console == config.GetString("rancher.console"), $"{what}: rancher.console is '{config.GetString("rancher.console")}'");
        }
    }

    private static void CheckEverythingReadsWithoutThrowing(LoadedConfig config, MutatedKernelLine line, string what)
    {
        try
        {
            var settings = BootSettings.Read(config);
            Assert.InRange(settings.ShutdownTimeout.Value.TotalSeconds, BootSettings.MinShutdownSeconds, BootSettings.MaxShutdownSeconds);
            var network = NetworkSettings.From(config.Tree, line.Text);
            Assert.InRange(network.DhcpTimeout, NetworkSettings.MinDhcpTimeout, NetworkSettings.MaxDhcpTimeout);
            _ = config.GetTyped("rancher");
            _ = YamlText.Write(config.Tree);
            _ = config.Diagnostics.Select(d => d.ToString()).ToList();
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"{what}: reading the loaded config threw {e.GetType().Name}: {e.Message}");
        }
    }

    private static void CheckServicePlan(LoadedConfig config, string what)
    {
        IReadOnlyList<ServiceDefinition> services;
        ServicePlan plan;
        try
        {
            (services, _) = ServiceParser.ParseAll(config.GetMap("rancher.services"));
            plan = ServiceGraph.Plan(services);
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: service planning threw {e.GetType().Name}: {e.Message}");
            return;
        }
        var names = services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        Assert.True(names.SetEquals(plan.Order.Select(s => s.Name).Concat(plan.Disabled)), $"{what}: a service is neither planned nor disabled");
        var started = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in plan.Order)
        {
            Assert.True(plan.DependsOn[s.Name].All(started.Contains), $"{what}: '{s.Name}' starts before what it waits for");
            started.Add(s.Name);
        }
    }

    private static string Short(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
