using InitOS.Core.Config;
using InitOS.Core.Services;

namespace InitOS.TestKit;

/// <summary>Service definitions from a compose-dialect YAML text, as the boot reads them; fails the test on a parse error.</summary>
public static class ServiceYaml
{
    public static IReadOnlyList<ServiceDefinition> Parse(string yaml)
    {
        var tree = YamlText.Parse(yaml, "test.yml");
        var (services, errors) = ServiceParser.ParseAll((Dictionary<string, object?>)tree["services"]!);
        Xunit.Assert.Empty(errors);
        return services;
    }
}
