using InitOS.Core.Boot;

namespace InitOS.Boot.Tests;

public class BootModulesListTests
{
    [Fact]
    public void Issue_10_the_initrd_keeps_uncompressed_exactly_the_modules_PID_1_loads_on_every_boot()
    {
        var names = File.ReadAllLines(DefaultServicesTests.RepoFile("kernel-config/modules-uncompressed.list"))
            .Where(l => !l.TrimStart().StartsWith('#'))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(BootModules.Required.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }
}
