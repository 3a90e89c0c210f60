using System.Text.RegularExpressions;
using InitOS.Core.Lifecycle;

namespace InitOS.Core.Tests.Lifecycle;

public class GrubConfigTests
{
    private static string Render() => GrubConfig.Render(InstallArgs.Compose("rancher.debug=true"), "0.1.0", "v0.2.0");

    [Fact]
    public void Sets_up_serial_and_console_the_timeout_and_loads_the_env()
    {
        var cfg = Render();
        Assert.Contains("serial --unit=0 --speed=115200\n", cfg);
        Assert.Contains("terminal_input serial console\n", cfg);
        Assert.Contains("terminal_output serial console\n", cfg);
        Assert.Contains("\nset timeout=3\n", cfg);
        Assert.True(cfg.IndexOf("load_env\n", StringComparison.Ordinal) < cfg.IndexOf("if [", StringComparison.Ordinal));
    }

    [Fact]
    public void Has_an_entry_per_installed_slot_with_its_slot_argument()
    {
        var cfg = Render();
        var args = InstallArgs.Base + " rancher.debug=true";
        Assert.Contains($"menuentry \"InitOS v0.1.0 (slot A)\" --id A {{\n  linux /A/vmlinuz {args} initos.slot=A\n  initrd /A/initrd\n}}\n", cfg);
        Assert.Contains($"menuentry \"InitOS v0.2.0 (slot B)\" --id B {{\n  linux /B/vmlinuz {args} initos.slot=B\n  initrd /B/initrd\n}}\n", cfg);
    }

    [Fact]
    public void An_empty_slot_has_no_entry_and_is_named_empty()
    {
        var cfg = GrubConfig.Render(InstallArgs.Base, "0.1.0", null);
        Assert.Contains("--id A", cfg);
        Assert.DoesNotContain("--id B", cfg);
        Assert.DoesNotContain("/B/vmlinuz", cfg);
        Assert.Contains("slot B: empty", cfg);
    }

    [Fact]
    public void Counts_tries_down_from_5_and_falls_back_when_they_run_out()
    {
        var cfg = Render();
        Assert.Contains("if [ -n \"${next}\" -a \"${next}\" != \"${active}\" ]; then\n", cfg);
        for (var n = 5; n >= 1; n--)
        {
            Assert.Contains($"if [ \"${{tries}}\" = \"{n}\" ]; then\n    set tries={n - 1}\n    set default=\"${{next}}\"\n", cfg);
        }
        Assert.Contains("  if [ \"${tries}\" = \"5\" ]", cfg);
        Assert.Contains("  elif [ \"${tries}\" = \"1\" ]", cfg);
        Assert.Contains("  else\n    set default=\"${active}\"\n    set failed=\"${next}\"\n    set next=\"${active}\"\n    set rolled_back=1\n  fi\n  save_env tries next failed rolled_back\n", cfg);
        Assert.Contains("else\n  set default=\"${active}\"\nfi\n", cfg);
        Assert.Contains("if [ \"${default}\" != \"A\" -a \"${default}\" != \"B\" ]; then\n  set default=A\nfi\n", cfg);
        Assert.Contains("echo \"initos-grub: active=${active} next=${next} tries=${tries} booting=${default}\"\n", cfg);
        Assert.DoesNotContain("increment", cfg);
    }

    [Fact]
    public void The_chain_covers_every_value_stage_upgrade_can_write()
    {
        var cfg = Render();
        var counted = Regex.Matches(cfg, "\"\\$\\{tries\\}\" = \"(\\d)\"").Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(Enumerable.Range(1, BootSlots.MaxTries).Reverse(), counted);
    }

    [Fact]
    public void With_only_slot_B_installed_an_invalid_default_falls_back_to_B()
    {
        Assert.Contains("  set default=B\n", GrubConfig.Render(InstallArgs.Base, null, "0.2.0"));
    }

    [Theory]
    [InlineData("quiet\nboot", null)]
    [InlineData("a;b", null)]
    [InlineData("ok", "0.1.0\"")]
    [InlineData("ok", "1 2")]
    [InlineData("ok", "")]
    public void Refuses_arguments_and_versions_grub_would_mangle(string args, string? version)
    {
        Assert.Throws<ArgumentException>(() => GrubConfig.Render(args, version ?? "0.1.0", "0.2.0"));
    }

    [RequiresToolFact("grub-script-check", "grub-common")]
    public void The_rendered_script_passes_grub_script_check()
    {
        foreach (var cfg in new[] { Render(), GrubConfig.Render(InstallArgs.Base, null, "0.2.0"), GrubConfig.Render("", null, null) })
        {
            var file = Path.Join(Path.GetTempPath(), $"initos-grub-{Guid.NewGuid():N}.cfg");
            try
            {
                File.WriteAllText(file, cfg);
                var check = HostTool.Run("grub-script-check", file);
                Assert.True(check.Code == 0, $"grub-script-check failed ({check.Code}): {check.Stdout}{check.Stderr}\n{cfg}");
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    [RequiresToolFact("grub-script-check", "grub-common")]
    public void Grub_script_check_catches_a_broken_script()
    {
        // the check above only means something if the tool fails on a bad script
        var file = Path.Join(Path.GetTempPath(), $"initos-grub-{Guid.NewGuid():N}.cfg");
        try
        {
            File.WriteAllText(file, Render().Replace("  fi\n", "\n"));
            Assert.NotEqual(0, HostTool.Run("grub-script-check", file).Code);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
