using System.Reflection;

namespace InitOS.Core.Tests;

public class ArchitectureTests
{
    [Fact]
    public void Core_references_no_side_effect_libraries()
    {
        var core = typeof(InitOS.Core.Config.ConfigLoader).Assembly;
        var forbidden = new[] { "Tmds", "Docker", "System.Net.Sockets", "System.Diagnostics.Process" };
        var references = core.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.Contains("YamlDotNet", references);
        Assert.DoesNotContain(references, r => forbidden.Any(f => r.StartsWith(f, StringComparison.Ordinal)));
    }

    [Fact]
    public void Core_uses_no_process_or_socket_types()
    {
        var core = typeof(InitOS.Core.Config.ConfigLoader).Assembly;
        var used = core.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Select(f => f.FieldType.Namespace ?? "");
        Assert.DoesNotContain(used, ns => ns.StartsWith("System.Net.Sockets", StringComparison.Ordinal));
    }
}
