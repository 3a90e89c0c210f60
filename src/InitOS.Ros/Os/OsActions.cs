using InitOS.Core.Config;
using InitOS.Core.Lifecycle;

namespace InitOS.Ros.Os;

/// <summary>What <c>ros os upgrade</c> was asked to do.</summary>
/// <param name="Image">The OS image; null: the index's current one.</param>
/// <param name="Force">Also writes the running version again (the CLI's <c>-f</c> also sets <see cref="AssumeYes"/>).</param>
/// <param name="NoReboot">Do not reboot when done.</param>
/// <param name="Stage">Only fetch the image into the system engine.</param>
/// <param name="Append">New kernel arguments (replacing those kept from the install); null keeps them.</param>
public sealed record UpgradeOptions(string? Image, bool Force, bool NoReboot, bool Stage, string? Append)
{
    /// <summary>Ask nothing: go on, and reboot unless <see cref="NoReboot"/> (the init's transactions never ask).</summary>
    public bool AssumeYes { get; init; }
}

/// <summary><c>ros os version|list|upgrade|rollback</c>: the work behind <see cref="OsCommand"/>.</summary>
public sealed partial class OsActions(RosContext context, OsHost host)
{
    private readonly string _work = context.Environment.GetValueOrDefault("INITOS_INSTALL_WORKDIR", context.System.Resolve("/run/initos/install"));

    /// <summary>The running version, then (installed systems) the slots and the last fallback.</summary>
    public int Version()
    {
        context.Out.WriteLine(BuildInfo.Version);
        if (Booted() is not { } booted || OpenBoot(required: false) is not { } boot)
        {
            return 0;
        }
        var env = boot.ReadEnv();
        var status = BootSlots.Assess(env, booted);
        var other = Slots.Other(booted);
        var state = status.Kind switch
        {
            SlotStatusKind.Trial => $"on trial ({status.TriesLeft} more tries; committed once healthy)",
            _ => "committed",
        };
        context.Out.WriteLine($"slot {Slots.Name(booted)}: {BuildInfo.Version}, {state}");
        var bootsNext = status.Kind != SlotStatusKind.Trial && (status.Next == other || status.Active == other) ? ", boots next" : "";
        context.Out.WriteLine($"slot {Slots.Name(other)}: {boot.SlotVersion(other) ?? "empty"}{bootsNext}");
        if (status.Kind == SlotStatusKind.FellBack || status.FailedSlot is not null)
        {
            var failed = status.FailedSlot ?? other;
            context.Out.WriteLine($"upgrade to {boot.SlotVersion(failed) ?? "?"} (slot {Slots.Name(failed)}) failed and was rolled back: {status.FailReason ?? "it never booted healthy"}");
        }
        return 0;
    }

    /// <summary>The release index at <c>rancher.upgrade.url</c>, each image marked.</summary>
    public async Task<int> ListAsync(CancellationToken cancellationToken)
    {
        var index = await IndexAsync(cancellationToken).ConfigureAwait(false);
        var booted = Booted();
        var boot = booted is null ? null : OpenBoot(required: false);
        var otherVersion = booted is { } b && boot != null ? boot.SlotVersion(Slots.Other(b)) : null;
        foreach (var image in index.Available)
        {
            var tag = ReleaseIndex.TagOf(image);
            var marks = new List<string>();
            if (tag == BuildInfo.Version)
            {
                marks.Add("running");
            }
            else if (tag == otherVersion && booted is { } running)
            {
                marks.Add($"installed (slot {Slots.Name(Slots.Other(running))})");
            }
            if (image == index.Current)
            {
                marks.Add("current");
            }
            context.Out.WriteLine(marks.Count == 0 ? image : $"{image} {string.Join(" ", marks)}");
        }
        return 0;
    }

    /// <summary>Writes the inactive slot and makes it the next boot, on trial, then reboots (unless told not to).</summary>
    public async Task<int> UpgradeAsync(UpgradeOptions options, CancellationToken cancellationToken)
    {
        int code = await WriteUpgradeAsync(options, cancellationToken).ConfigureAwait(false);
        return code != 0 || options.Stage ? code : RebootAfterUpgrade(options);
    }

    /// <summary>After a written upgrade: reboot, unless <c>--no-reboot</c> or the user says no.</summary>
    public int RebootAfterUpgrade(UpgradeOptions options)
    {
        if (options.NoReboot || (!options.AssumeYes && !Confirm("Reboot now? [y/N] ")))
        {
            return 0;
        }
        context.Out.WriteLine("Rebooting");
        return host.Reboot();
    }

    /// <summary>
    /// The upgrade without the reboot: with <see cref="UpgradeOptions.Stage"/> only the pull, otherwise the inactive
    /// slot written and made the next boot, on trial. 0 when done, 1 when the user said no.
    /// </summary>
    public async Task<int> WriteUpgradeAsync(UpgradeOptions options, CancellationToken cancellationToken)
    {
        RequireRoot("os upgrade");
        var settings = UpgradeSettings.From(Config());
        var image = options.Image ?? (await IndexAsync(cancellationToken).ConfigureAwait(false)).Current
            ?? throw new RosException($"os upgrade: the release index at '{settings.Url}' names no current image; give one with -i IMAGE");
        if (options.Append != null)
        {
            Compose(options.Append);
        }
        var payloadDir = Path.Join(_work, "payload");
        if (options.Stage)
        {
            if (await host.Images.HasAsync(image, cancellationToken).ConfigureAwait(false))
            {
                context.Out.WriteLine($"{image} is already in the system engine");
                return 0;
            }
            context.Out.WriteLine($"Pulling {image}");
            try
            {
                await host.Images.PullAsync(image, line => context.Out.WriteLine("      " + line), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new RosException($"os upgrade: {e.Message}");
            }
            context.Out.WriteLine($"Staged {image}: 'ros os upgrade -i {image}' writes it without downloading again");
            return 0;
        }
        var running = Booted() ?? throw NotInstalled("os upgrade");
        var boot = OpenBoot(required: true)!;
        var env = boot.ReadEnv();
        if (BootSlots.Assess(env, running).Kind == SlotStatusKind.Trial)
        {
            // checked again by StageUpgrade; said here before anything is downloaded
            _ = Stage(env, running, settings.Tries);
        }
        try
        {
            var payload = await ImagePayload.FetchAsync(context, host, image, payloadDir, cancellationToken).ConfigureAwait(false);
            payload.Verify(host.Disks, BootPartition.SlotFiles);
            var version = "v" + payload.Manifest.Version.TrimStart('v');
            if (version == BuildInfo.Version && !options.Force)
            {
                throw new RosException($"os upgrade: {image} is {version}, the running version; -f writes it anyway");
            }
            var target = Slots.Other(running);
            var next = Stage(env, running, settings.Tries);
            context.Out.WriteLine($"Upgrade from {BuildInfo.Version} (slot {Slots.Name(running)}) to {version} (slot {Slots.Name(target)}, replacing {boot.SlotVersion(target) ?? "nothing"}); {settings.Tries} trial boot(s), then back to {BuildInfo.Version} unless it comes up healthy");
            if (!options.AssumeYes && !Confirm("Continue? [y/N] "))
            {
                context.Out.WriteLine("Upgrade cancelled; nothing was written.");
                return 1;
            }
            boot.WriteSlot(target, payload, line => context.Out.WriteLine("      " + line));
            var append = options.Append ?? boot.ReadAppend();
            if (options.Append != null)
            {
                boot.WriteAppend(options.Append);
            }
            boot.WriteGrubConfig(append);
            boot.WriteEnv(next);
            host.Disks.Sync();
            context.Out.WriteLine($"{version} boots next from slot {Slots.Name(target)}, on trial; 'ros os rollback' undoes it before the reboot");
        }
        finally
        {
            ImagePayload.Discard(payloadDir);
        }
        return 0;
    }

    /// <summary>Makes the other slot the next boot, committed (no trial); <paramref name="force"/> also means do not ask.</summary>
    public int Rollback(bool force) => Rollback(force, assumeYes: force);

    /// <summary>Makes the other slot the next boot, committed (no trial).</summary>
    /// <param name="force">Also to a slot that failed its trial.</param>
    /// <param name="assumeYes">Do not ask.</param>
    public int Rollback(bool force, bool assumeYes)
    {
        var (boot, running, other, version, env) = PrepareRollback(force);
        if (!assumeYes && !Confirm(RollbackQuestion(other, version)))
        {
            context.Out.WriteLine("Rollback cancelled.");
            return 1;
        }
        boot.WriteEnv(BootSlots.Rollback(env, running));
        host.Disks.Sync();
        context.Out.WriteLine($"{version} (slot {Slots.Name(other)}) boots next; reboot to start it");
        return 0;
    }

    /// <summary>The question a rollback asks, after the checks that refuse it (what a client asks before the init's transaction).</summary>
    public string RollbackQuestion(bool force)
    {
        var (_, _, other, version, _) = PrepareRollback(force);
        return RollbackQuestion(other, version);
    }

    private static string RollbackQuestion(Slot other, string version) =>
        $"Boot {version} from slot {Slots.Name(other)} from now on (instead of {BuildInfo.Version})? [y/N] ";

    private (BootFiles Boot, Slot Running, Slot Other, string Version, GrubEnv Env) PrepareRollback(bool force)
    {
        RequireRoot("os rollback");
        var running = Booted() ?? throw NotInstalled("os rollback");
        var boot = OpenBoot(required: true)!;
        var other = Slots.Other(running);
        var version = boot.SlotVersion(other) ?? throw new RosException($"os rollback: slot {Slots.Name(other)} is empty: there is nothing to roll back to");
        var env = boot.ReadEnv();
        var status = BootSlots.Assess(env, running);
        if (status.FailedSlot == other && !force)
        {
            throw new RosException($"os rollback: {version} in slot {Slots.Name(other)} failed its trial boot ({status.FailReason ?? "it never booted healthy"}); -f rolls back to it anyway");
        }
        return (boot, running, other, version, env);
    }

    /// <summary>The image an upgrade without <c>-i</c> writes: the release index's current one.</summary>
    public async Task<string> CurrentImageAsync(CancellationToken cancellationToken)
    {
        var settings = UpgradeSettings.From(Config());
        return (await IndexAsync(cancellationToken).ConfigureAwait(false)).Current
            ?? throw new RosException($"os upgrade: the release index at '{settings.Url}' names no current image; give one with -i IMAGE");
    }

    private static GrubEnv Stage(GrubEnv env, Slot running, int tries)
    {
        try
        {
            return BootSlots.StageUpgrade(env, running, tries);
        }
        catch (InvalidOperationException e)
        {
            throw new RosException($"os upgrade: {e.Message}");
        }
    }

    private static void Compose(string append)
    {
        try
        {
            _ = InstallArgs.Compose(append);
        }
        catch (ArgumentException e)
        {
            throw new RosException($"os upgrade: -a: {e.Message}");
        }
    }

    private async Task<ReleaseIndex> IndexAsync(CancellationToken cancellationToken)
    {
        var url = UpgradeSettings.From(Config()).Url
            ?? throw new RosException("os: no release index: set rancher.upgrade.url (a file or an http(s) URL) or give an image with -i");
        string text;
        if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            try
            {
                text = await http.GetStringAsync(new Uri(url), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                throw new RosException($"os: cannot read the release index '{url}': {e.Message}");
            }
        }
        else
        {
            var path = url.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? url["file://".Length..] : url;
            text = context.Host.ReadText(path) ?? throw new RosException($"os: the release index '{path}' does not exist");
        }
        try
        {
            return ReleaseIndex.Parse(text);
        }
        catch (FormatException e)
        {
            throw new RosException($"os: the release index '{url}' is not valid: {e.Message}");
        }
    }

    private LoadedConfig? Config()
    {
        try
        {
            return ConfigLoader.Load(context.System);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The slot GRUB booted (<c>initos.slot=</c>); null on a live boot.</summary>
    private Slot? Booted() => BootPartition.BootedSlot(context.System.ReadText("/proc/cmdline"));

    /// <summary>The boot partition as PID 1 mounted it, mounted here when it is not.</summary>
    private BootFiles? OpenBoot(bool required)
    {
        var root = context.System.Resolve(BootPartition.MountPoint);
        var boot = new BootFiles(host.Disks, root);
        if (host.Disks.ReadFile(Path.Join(root, BootPartition.EnvPath)) != null)
        {
            return boot;
        }
        var device = host.Disks.FindByLabel(BootPartition.Label);
        if (device is null)
        {
            return required ? throw new RosException($"os: the boot partition ({BootPartition.Label}) was not found") : null;
        }
        try
        {
            host.Disks.Mount(device, root, "ext4", readOnly: false);
        }
        catch (IOException e)
        {
            return required ? throw new RosException($"os: {e.Message}") : null;
        }
        return boot;
    }

    private static RosException NotInstalled(string what) =>
        new($"{what}: this system was not booted from an installed disk (no initos.slot= on the kernel command line); install it with 'ros install -d DEVICE' first");

    private void RequireRoot(string what)
    {
        if (!context.IsRoot)
        {
            throw new RosException($"{what}: need to be root");
        }
    }

    /// <summary>Asks <paramref name="question"/> on the terminal; true for y or yes.</summary>
    public bool Confirm(string question)
    {
        context.Out.Write(question);
        context.Out.Flush();
        return context.In.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes";
    }
}
