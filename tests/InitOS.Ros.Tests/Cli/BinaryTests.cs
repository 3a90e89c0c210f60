using System.Diagnostics;
using InitOS.Core.Config;
using Xunit.Abstractions;

namespace InitOS.Ros.Tests.Cli;

/// <summary>The published NativeAOT binary, run as a user would run it, against a temp <c>INITOS_ROOT</c>.</summary>
public sealed class BinaryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("initos-cli-").FullName;
    private readonly string _bin = Directory.CreateTempSubdirectory("initos-bin-").FullName;

    private string Ros
    {
        get
        {
            var link = Path.Combine(_bin, "ros");
            if (!File.Exists(link))
            {
                File.CreateSymbolicLink(link, PublishedBinary.Path!);
            }
            return link;
        }
    }

    private void Write(string systemPath, string text)
    {
        var full = Path.Join(_root, systemPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private Process Start(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["INITOS_ROOT"] = _root;
        return Process.Start(info)!;
    }

    private (int Code, string Out, string Err) Run(string program, params string[] args)
    {
        using var p = Start(program, args);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(30_000), "the binary did not exit within 30 s");
        return (p.ExitCode, output.Result, error.Result);
    }

    [BinaryFact]
    public void Ros_version_prints_the_initos_version()
    {
        var (code, output, _) = Run(Ros, "--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^version v\d+\.\d+\.\d+ from os image \S+:v\d+\.\d+\.\d+\n$", output);
    }

    [BinaryFact]
    public void Initos_dispatches_the_ros_personality_from_its_first_argument()
    {
        Write(ConfigPaths.UserConfig, "hostname: dispatched\n");
        Assert.Equal((0, "dispatched\n", ""), Run(PublishedBinary.Path!, "ros", "config", "get", "hostname"));
    }

    [BinaryFact]
    public void Get_sees_the_kernel_command_line_under_the_root()
    {
        Write(ConfigPaths.OsConfig, "rancher:\n  state:\n    fstype: auto\n");
        Write(ConfigPaths.Cmdline, "BOOT_IMAGE=/vmlinuz rancher.state.dev=LABEL=RANCHER_STATE rancher.state.wait cc.hostname=k\n");
        Assert.Equal((0, "dev: LABEL=RANCHER_STATE\nfstype: auto\nwait: true\n\n", ""), Run(Ros, "config", "get", "rancher.state"));
        Assert.Equal("k\n", Run(Ros, "config", "get", "hostname").Out);
    }

    [BinaryFact]
    public void Issue_12_get_keeps_the_state_device_when_another_kernel_argument_is_bad()
    {
        Write(ConfigPaths.Cmdline, "BOOT_IMAGE=/vmlinuz rancher.state.dev=LABEL=RANCHER_STATE rancher.network=5\n");
        var (code, output, error) = Run(Ros, "config", "get", "rancher.state.dev");
        Assert.Equal((0, "LABEL=RANCHER_STATE\n"), (code, output));
        Assert.Equal("ros: warning: kernel command line: 'rancher.network=5': rancher.network: expected a map, found integer 5; argument skipped\n", error);
    }

    public static TheoryData<string, string> HostileFiles => new()
    {
        { "deep.yml", "a: " + new string('[', 100_000) + new string(']', 100_000) + "\n" },
        { "bomb.yml", "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
            + string.Concat(Enumerable.Range(1, 10).Select(i => $"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n")) },
    };

    [BinaryTheory]
    [MemberData(nameof(HostileFiles))]
    public void Issue_12_validate_refuses_a_deep_file_and_an_alias_bomb_at_the_limit(string name, string text)
    {
        // The refusal is asserted, not timed (Run's 30 s bound catches a hang); `make config-bench` measures it.
        var input = Path.Combine(_root, name);
        File.WriteAllText(input, text);
        var (code, output, error) = Run(Ros, "config", "validate", "-i", input);
        Assert.Equal((1, ""), (code, output));
        Assert.StartsWith($"ros: config validate: {input}:", error);
        Assert.Contains("(the limit); the whole file would be skipped", error);
    }

    [BinaryFact]
    public void Failures_exit_non_zero_with_a_message_and_no_stack_trace()
    {
        var (code, output, error) = Run(Ros, "config", "get", "not.a.key");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith("ros: ", error);
        Assert.DoesNotContain("   at ", error);
    }

    [BinaryFact]
    public void Help_tells_the_truth_about_the_config_verbs()
    {
        var (code, output, _) = Run(Ros, "config", "set", "--help");
        Assert.Equal(0, code);
        Assert.Contains("cloud-config.yml", output);
        Assert.Contains("KEY", output);
    }

    [BinaryFact]
    public void Twenty_concurrent_sets_lose_no_update()
    {
        var processes = Enumerable.Range(0, 20).Select(i => Start(Ros, "config", "set", $"rancher.environment.K{i}", $"v{i}")).ToList();
        foreach (var p in processes)
        {
            p.StandardInput.Close();
            Assert.True(p.WaitForExit(60_000));
            Assert.Equal(0, p.ExitCode);
            p.Dispose();
        }
        var tree = YamlText.Parse(File.ReadAllText(Path.Join(_root, ConfigPaths.UserConfig)), "cloud-config.yml");
        Assert.True(ConfigTree.TryGet(tree, ["rancher", "environment"], out var env));
        Assert.Equal(20, Assert.IsType<Dictionary<string, object?>>(env).Count);
    }

    [BinaryFact]
    public void A_killed_writer_never_leaves_a_torn_file()
    {
        var completed = new List<int>();
        for (var i = 0; i < 25; i++)
        {
            using var p = Start(Ros, "config", "set", $"rancher.environment.K{i}", new string('x', 4096));
            p.StandardInput.Close();
            Thread.Sleep(i % 5);
            try
            {
                p.Kill();
            }
            catch (InvalidOperationException)
            {
            }
            p.WaitForExit();
            if (p.ExitCode == 0)
            {
                completed.Add(i);
            }
            var text = File.Exists(Path.Join(_root, ConfigPaths.UserConfig)) ? File.ReadAllText(Path.Join(_root, ConfigPaths.UserConfig)) : "";
            var tree = YamlText.Parse(text, "cloud-config.yml");
            foreach (var done in completed)
            {
                Assert.True(ConfigTree.TryGet(tree, ["rancher", "environment", $"K{done}"], out _), $"K{done} lost after run {i}");
            }
        }
        // a last, unkilled writer still works after all the killed ones, and clears their temp files
        Assert.Equal(0, Run(Ros, "config", "set", "hostname", "after").Code);
        Assert.Equal("after\n", Run(Ros, "config", "get", "hostname").Out);
        Assert.Empty(Directory.GetFiles(Path.Join(_root, ConfigPaths.ConfDir), ".cloud-config.yml.tmp-*"));
    }

    public void Dispose()
    {
        foreach (var dir in new[] { _root, _bin })
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
