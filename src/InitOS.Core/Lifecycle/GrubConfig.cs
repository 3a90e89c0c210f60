using System.Text;

namespace InitOS.Core.Lifecycle;

/// <summary>
/// The <c>grub/grub.cfg</c> on the INITOS_BOOT partition, written at install and at every upgrade. It reads the
/// slot state from grubenv (see <see cref="BootSlots"/>), counts trial boots down, falls back to the active slot
/// when they run out, and offers one menu entry per installed slot (menu ids <c>A</c> and <c>B</c>). Debian's
/// GRUB has no arithmetic, so the count is an <c>if</c>/<c>elif</c> chain over every value of <c>tries</c>.
/// </summary>
public static class GrubConfig
{
    /// <summary>Seconds the menu waits.</summary>
    public const int TimeoutSeconds = 3;

    /// <summary>The prefix of the one line GRUB prints before booting (boot tests look for it on the serial console).</summary>
    public const string EchoPrefix = "initos-grub:";

    /// <summary>Renders the configuration.</summary>
    /// <param name="kernelArgs">All kernel arguments of both slots (see <see cref="InstallArgs.Compose"/>), without
    /// <c>initos.slot=</c>, which each entry adds for its slot.</param>
    /// <param name="versionA">The version installed in slot A, or null when the slot is empty (no menu entry).</param>
    /// <param name="versionB">The same for slot B.</param>
    /// <exception cref="ArgumentException">The arguments have a character GRUB would mangle, or a version is not
    /// a plain version string (see <see cref="OsManifest.IsValidVersion"/>).</exception>
    public static string Render(string kernelArgs, string? versionA, string? versionB)
    {
        ArgumentNullException.ThrowIfNull(kernelArgs);
        InstallArgs.CheckArguments(kernelArgs, nameof(kernelArgs));
        CheckVersion(versionA, nameof(versionA));
        CheckVersion(versionB, nameof(versionB));
        var args = string.Join(' ', kernelArgs.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var fallback = versionA is null && versionB is not null ? "B" : "A";

        var cfg = new StringBuilder();
        cfg.Append("# InitOS boot menu, written by ros install and ros os upgrade; do not edit.\n");
        cfg.Append($"# slot A: {Shown(versionA)}, slot B: {Shown(versionB)}. The slot state is in grubenv.\n");
        cfg.Append("serial --unit=0 --speed=115200\n");
        cfg.Append("terminal_input serial console\n");
        cfg.Append("terminal_output serial console\n");
        cfg.Append($"set timeout={TimeoutSeconds}\n");
        cfg.Append("load_env\n");
        cfg.Append("# active: last known-good slot; next: slot to try; tries: trial boots left\n");
        cfg.Append("if [ -n \"${next}\" -a \"${next}\" != \"${active}\" ]; then\n");
        for (var n = BootSlots.MaxTries; n >= 1; n--)
        {
            cfg.Append(n == BootSlots.MaxTries ? "  if" : "  elif")
               .Append($" [ \"${{tries}}\" = \"{n}\" ]; then\n")
               .Append($"    set tries={n - 1}\n")
               .Append("    set default=\"${next}\"\n");
        }
        cfg.Append("  else\n");
        cfg.Append("    set default=\"${active}\"\n");
        cfg.Append("    set failed=\"${next}\"\n");
        cfg.Append("    set next=\"${active}\"\n");
        cfg.Append("    set rolled_back=1\n");
        cfg.Append("  fi\n");
        cfg.Append("  save_env tries next failed rolled_back\n");
        cfg.Append("else\n");
        cfg.Append("  set default=\"${active}\"\n");
        cfg.Append("fi\n");
        cfg.Append($"if [ \"${{default}}\" != \"A\" -a \"${{default}}\" != \"B\" ]; then\n  set default={fallback}\nfi\n");
        cfg.Append($"echo \"{EchoPrefix} active=${{active}} next=${{next}} tries=${{tries}} booting=${{default}}\"\n");
        AppendEntry(cfg, Slot.A, versionA, args);
        AppendEntry(cfg, Slot.B, versionB, args);
        return cfg.ToString();
    }

    private static void AppendEntry(StringBuilder cfg, Slot slot, string? version, string args)
    {
        if (version is null)
        {
            return;
        }
        var name = Slots.Name(slot);
        var line = args.Length == 0 ? $"initos.slot={name}" : $"{args} initos.slot={name}";
        cfg.Append($"menuentry \"InitOS {Shown(version)} (slot {name})\" --id {name} {{\n")
           .Append($"  linux /{name}/vmlinuz {line}\n")
           .Append($"  initrd /{name}/initrd\n")
           .Append("}\n");
    }

    private static string Shown(string? version) => version switch
    {
        null => "empty",
        _ when version.StartsWith('v') => version,
        _ => "v" + version,
    };

    private static void CheckVersion(string? version, string parameterName)
    {
        if (version is not null && !OsManifest.IsValidVersion(version))
        {
            throw new ArgumentException($"'{version}' is not a version (letters, digits and . _ + ~ - only)", parameterName);
        }
    }
}
