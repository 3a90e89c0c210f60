using InitOS.Core.Config;
using InitOS.Core.Consoles;

namespace InitOS.Core.Tests.Consoles;

public sealed class LoginEnvironmentTests
{
    private static Dictionary<string, object?> Tree(string yaml) => YamlText.Parse(yaml, "test");

    [Fact]
    public void Proxies_are_exported_in_both_cases_and_rancher_network_wins()
    {
        var vars = LoginEnvironment.Variables(Tree("""
            rancher:
              environment:
                FOO: bar
                HTTPS_PROXY: http://env-proxy:3128
                http_proxy: http://loser:1
                bad-name: x
              network:
                http_proxy: http://proxy:3128
                no_proxy: localhost,10.0.0.0/8
            """));
        Assert.Equal([
            ("FOO", "bar"),
            ("HTTPS_PROXY", "http://env-proxy:3128"),
            ("HTTP_PROXY", "http://proxy:3128"),
            ("NO_PROXY", "localhost,10.0.0.0/8"),
            ("http_proxy", "http://proxy:3128"),
            ("https_proxy", "http://env-proxy:3128"),
            ("no_proxy", "localhost,10.0.0.0/8"),
        ], vars);
    }

    [Fact]
    public void Profile_quotes_values_and_extends_path()
    {
        var profile = LoginEnvironment.RenderProfile(Tree("rancher:\n  environment:\n    MSG: \"it's $HOME\"\n    PATH: /opt/bin, /x/bin\n"));
        Assert.Contains("export MSG='it'\\''s $HOME'\n", profile);
        Assert.Contains("case \":$PATH:\" in *:'/usr/sbin':*) ;; *) PATH=\"$PATH:\"'/usr/sbin' ;; esac\n", profile);
        Assert.Contains("PATH=\"$PATH:\"'/opt/bin'", profile);
        Assert.Contains("PATH=\"$PATH:\"'/x/bin'", profile);
        Assert.DoesNotContain("export PATH=", profile);
    }

    [Fact]
    public void Pam_environment_leaves_out_values_it_cannot_quote()
    {
        var text = LoginEnvironment.RenderEnvironment(Tree("rancher:\n  environment:\n    A: plain value\n    B: 'say \"hi\"'\n"));
        Assert.Contains("A=\"plain value\"\n", text);
        Assert.DoesNotContain("B=", text);
    }
}
