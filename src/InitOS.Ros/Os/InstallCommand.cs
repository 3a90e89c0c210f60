using System.CommandLine;

namespace InitOS.Ros.Os;

/// <summary><c>ros install</c>: options as RancherOS users know them (the work is in <see cref="InstallRunner"/>).</summary>
public static class InstallCommand
{
    /// <summary>Builds the <c>install</c> command.</summary>
    public static Command Build(RosContext context)
    {
        var device = new Option<string>("--device", "-d") { Description = "The whole disk to install to, e.g. /dev/vda (everything on it is replaced).", Required = true };
        var cloudConfig = new Option<string?>("--cloud-config", "-c") { Description = "A cloud-config for the installed system: validated first, saved as /var/lib/rancher/conf/cloud-config.d/install.yml." };
        var append = new Option<string?>("--append", "-a") { Description = "Kernel arguments for the installed system, e.g. \"rancher.autologin=ttyS0\"; kept across upgrades." };
        var force = new Option<bool>("--force", "-f") { Description = "Do not ask; overwrite a disk that holds a partition table, a filesystem or data." };
        var noReboot = new Option<bool>("--no-reboot") { Description = "Do not reboot when the install is done." };
        var type = new Option<string>("--install-type", "-t") { Description = "Install type: generic (GPT, GRUB for BIOS and UEFI).", DefaultValueFactory = _ => "generic" };
        var image = new Option<string?>("--image", "-i") { Description = "Install this OS image from the system engine (pulled when absent) instead of the booted ISO." };
        var install = new Command("install", "Install InitOS to a disk: GPT with GRUB for BIOS and UEFI, boot slot A, and the RANCHER_STATE partition.")
        {
            device, cloudConfig, append, force, noReboot, type, image,
        };
        install.SetAction((p, ct) => OsCommand.GuardInstallAsync(context, host => new InstallRunner(context, host).RunAsync(
            new InstallOptions(p.GetValue(device)!, p.GetValue(cloudConfig), p.GetValue(append), p.GetValue(force), p.GetValue(noReboot),
                p.GetValue(type) ?? "generic", p.GetValue(image)), ct)));
        return install;
    }
}
