using System.Globalization;
using System.Text;
using InitOS.Core.Lifecycle;
using InitOS.Ros.Config;

namespace InitOS.Ros.Os;

/// <summary>What <c>ros install</c> was asked to do.</summary>
/// <param name="Device">The whole disk, e.g. /dev/vda.</param>
/// <param name="CloudConfig">A cloud-config to validate and install into cloud-config.d; null for none.</param>
/// <param name="Append">Kernel arguments for the installed system (kept for upgrades).</param>
/// <param name="Force">No confirmation; a disk holding data may be overwritten.</param>
/// <param name="NoReboot">Do not reboot when done.</param>
/// <param name="Type">The install type (only <c>generic</c>).</param>
/// <param name="Image">The OS image to install; null: the ISO medium the system booted from.</param>
public sealed record InstallOptions(string Device, string? CloudConfig, string? Append, bool Force, bool NoReboot, string Type, string? Image);

/// <summary>
/// <c>ros install</c>: a GPT disk that boots on BIOS (GRUB's boot.img and core.img) and UEFI (the removable
/// path EFI/BOOT/BOOTX64.EFI), the boot partition with slot A, and the state partition with the cloud-config.
/// Everything is checked (options, cloud-config, payload, disk) before the first byte is written.
/// </summary>
public sealed class InstallRunner(RosContext context, OsHost host)
{
    /// <summary>The cloud-config's place on the state partition.</summary>
    public const string InstalledConfig = "var/lib/rancher/conf/cloud-config.d/install.yml";

    /// <summary>Supported install types (RancherOS's <c>-t</c>).</summary>
    public static readonly IReadOnlyList<string> Types = ["generic"];

    private const int Steps = 7;
    private readonly string _work = context.Environment.GetValueOrDefault("INITOS_INSTALL_WORKDIR", "/run/initos/install");
    private readonly List<string> _mounts = [];

    /// <summary>Runs the install; returns the exit status.</summary>
    public async Task<int> RunAsync(InstallOptions options, CancellationToken cancellationToken)
    {
        if (!context.IsRoot)
        {
            throw new RosException("install: need to be root");
        }
        if (!Types.Contains(options.Type))
        {
            throw new RosException($"install: type '{options.Type}' is not supported (supported: generic: GPT with GRUB for BIOS and UEFI)");
        }
        string kernelArgs;
        try
        {
            kernelArgs = InstallArgs.Compose(options.Append);
        }
        catch (ArgumentException e)
        {
            throw new RosException($"install: -a: {e.Message}");
        }
        if (options.CloudConfig is { } cc)
        {
            context.Out.WriteLine($"Validating {cc}");
            if (new ConfigActions(context).Validate(cc) != 0)
            {
                throw new RosException($"install: the cloud-config '{cc}' does not validate (problems above); nothing was written");
            }
        }
        try
        {
            var payload = await PayloadAsync(options.Image, cancellationToken).ConfigureAwait(false);
            payload.Verify(host.Disks, [.. BootPartition.SlotFiles, .. BootPartition.InstallerFiles]);
            var facts = host.Disks.Probe(options.Device);
            var refusals = InstallChecks.Assess(facts, options.Force);
            if (refusals.Count > 0)
            {
                var hint = refusals.All(r => r.ForceOverrides) ? " (-f overwrites it)" : "";
                throw new RosException($"install: refusing {options.Device}: {string.Join("; ", refusals.Select(r => r.Message))}{hint}");
            }
            var layout = GptLayout.Plan(facts.SizeBytes);
            var version = "v" + payload.Manifest.Version.TrimStart('v');
            context.Out.WriteLine($"Installing InitOS {version} from {payload.Origin} to {options.Device} ({Mib(facts.SizeBytes)} MiB):");
            foreach (var p in layout)
            {
                context.Out.WriteLine($"  partition {p.Number}: {p.Name}, {Mib(p.SizeBytes)} MiB");
            }
            context.Out.WriteLine($"  kernel arguments: {kernelArgs}");
            if (options.CloudConfig != null)
            {
                context.Out.WriteLine($"  cloud-config: {options.CloudConfig} -> /{InstalledConfig} on {BootPartition.StateLabel}");
            }
            if (facts.Signatures.Count > 0)
            {
                context.Out.WriteLine($"  overwriting: {string.Join("; ", facts.Signatures)}");
            }
            if (!options.Force && !Confirm($"All data on {options.Device} will be lost. Continue? [y/N] "))
            {
                context.Out.WriteLine("Install cancelled; nothing was written.");
                return 1;
            }
            await WriteDiskAsync(options, payload, layout, facts.SizeBytes, cancellationToken).ConfigureAwait(false);
            context.Out.WriteLine($"Installed InitOS {version} on {options.Device}.");
        }
        finally
        {
            UnmountAll();
            host.Disks.ReleasePartitions();
        }
        if (options.NoReboot)
        {
            context.Out.WriteLine("Not rebooting (--no-reboot): the installed system starts at the next boot from this disk.");
            return 0;
        }
        if (!options.Force && !Confirm("Reboot now? [y/N] "))
        {
            return 0;
        }
        context.Out.WriteLine("Rebooting");
        return host.Reboot();
    }

    private async Task WriteDiskAsync(InstallOptions options, OsPayload payload, IReadOnlyList<GptPartition> layout, long size, CancellationToken cancellationToken)
    {
        var disks = host.Disks;
        var device = options.Device;
        Step(1, "Writing the partition table (GPT)");
        const int MiB = 1 << 20;
        disks.Write(device, 0, new byte[MiB]);
        disks.Write(device, size - MiB, new byte[MiB]);
        var gpt = GptWriter.Build(size, layout, Guid.NewGuid(), [.. layout.Select(_ => Guid.NewGuid())]);
        disks.Write(device, 0, gpt.Head);
        disks.Write(device, gpt.TailOffset, gpt.Tail);
        var parts = disks.RereadPartitions(device, layout, TimeSpan.FromSeconds(15));

        Step(2, "Installing GRUB for BIOS (boot.img in the MBR, core.img in the BIOS boot partition)");
        var bios = layout[0];
        var core = BiosBoot.PatchCore(File.ReadAllBytes(payload.PathOf("installer/core.img")), bios.FirstLba, bios.SizeBytes);
        disks.Write(device, bios.FirstLba * 512, core);
        var mbr = BiosBoot.PatchMbr(File.ReadAllBytes(payload.PathOf("installer/boot.img")), disks.Read(device, 0, 512), bios.FirstLba);
        disks.Write(device, 0, mbr);

        Step(3, "Installing GRUB for UEFI (EFI/BOOT/BOOTX64.EFI on the EFI system partition)");
        var esp = layout[1];
        disks.WriteGunzipped(device, esp.FirstLba * 512, payload.PathOf("installer/esp.img.gz"), esp.SizeBytes);

        Step(4, $"Formatting {BootPartition.Label} ({parts[2]}) and {BootPartition.StateLabel} ({parts[3]})");
        await disks.MakeExt4Async(parts[2], BootPartition.Label, cancellationToken).ConfigureAwait(false);
        await disks.MakeExt4Async(parts[3], BootPartition.StateLabel, cancellationToken).ConfigureAwait(false);

        var bootDir = Path.Join(_work, "boot");
        MountTracked(parts[2], bootDir, "ext4", readOnly: false);
        var boot = new BootFiles(disks, bootDir);
        Step(5, $"Writing slot A: InitOS v{payload.Manifest.Version.TrimStart('v')}");
        boot.WriteSlot(Slot.A, payload, line => context.Out.WriteLine("      " + line));

        Step(6, "Writing the boot configuration (grub.cfg, grubenv)");
        boot.WriteAppend(options.Append ?? "");
        boot.WriteEnv(BootSlots.Initial(Slot.A));
        boot.WriteGrubConfig(options.Append ?? "");

        Step(7, options.CloudConfig is null ? "Preparing the state partition" : $"Saving the cloud-config as /{InstalledConfig}");
        var stateDir = Path.Join(_work, "state");
        MountTracked(parts[3], stateDir, "ext4", readOnly: false);
        if (options.CloudConfig is { } cc)
        {
            var text = context.Host.ReadText(Path.GetFullPath(cc)) ?? throw new RosException($"install: {cc}: no such file");
            disks.WriteFileAtomic(Path.Join(stateDir, InstalledConfig), Encoding.UTF8.GetBytes(text));
            File.SetUnixFileMode(Path.Join(stateDir, InstalledConfig), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        disks.Sync();
        UnmountAll();
        disks.Sync();
    }

    /// <summary>The payload: an OS image from the system engine (pulled when absent), or the ISO medium.</summary>
    private async Task<OsPayload> PayloadAsync(string? image, CancellationToken cancellationToken)
    {
        if (image != null)
        {
            return await ImagePayload.FetchAsync(context, host, image, Path.Join(_work, "payload"), cancellationToken).ConfigureAwait(false);
        }
        var medium = host.Disks.FindByLabel(BootPartition.MediumLabel)
            ?? throw new RosException($"install: no install source: the InitOS ISO (volume '{BootPartition.MediumLabel}') is not attached; boot from it or give an OS image with -i IMAGE");
        var dir = Path.Join(_work, "medium");
        // the ISO (iso9660), or the same payload copied to a stick labelled like it
        var fsType = host.Disks.FilesystemType(medium) ?? "iso9660";
        MountTracked(medium, dir, fsType, readOnly: true);
        return OsPayload.Load(host.Disks, Path.Join(dir, "boot"), $"the ISO medium {medium}");
    }

    private void MountTracked(string device, string target, string fsType, bool readOnly)
    {
        host.Disks.Mount(device, target, fsType, readOnly);
        _mounts.Add(target);
    }

    private void UnmountAll()
    {
        for (var i = _mounts.Count - 1; i >= 0; i--)
        {
            try
            {
                host.Disks.Unmount(_mounts[i]);
            }
            catch (IOException e)
            {
                context.Error.WriteLine($"ros: {e.Message}");
            }
        }
        _mounts.Clear();
    }

    private void Step(int n, string what) => context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{n}/{Steps}] {what}"));

    private bool Confirm(string question)
    {
        context.Out.Write(question);
        context.Out.Flush();
        var answer = context.In.ReadLine();
        return answer?.Trim().ToLowerInvariant() is "y" or "yes";
    }

    private static string Mib(long bytes) => (bytes >> 20).ToString(CultureInfo.InvariantCulture);
}
