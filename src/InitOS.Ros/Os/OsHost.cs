using InitOS.Core.Ports;

namespace InitOS.Ros.Os;

/// <summary>The effects <c>ros install</c> and <c>ros os</c> need beyond the file stores of <see cref="RosContext"/>.</summary>
/// <param name="Disks">Block devices, mounts, atomic file copies.</param>
/// <param name="Images">OS images in the system engine.</param>
/// <param name="Reboot">Asks the init to reboot (the <c>reboot</c> command); returns its exit status.</param>
public sealed record OsHost(IDiskOps Disks, IOsImages Images, Func<int> Reboot);
