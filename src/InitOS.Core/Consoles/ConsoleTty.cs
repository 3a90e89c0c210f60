namespace InitOS.Core.Consoles;

/// <summary>A console a getty runs on.</summary>
/// <param name="Name">Device name under <c>/dev</c> (<c>tty1</c>, <c>ttyS0</c>).</param>
/// <param name="Baud">Speed from <c>console=ttyS0,115200n8</c>; <c>null</c> when not given.</param>
/// <param name="Autologin">True when <c>rancher.autologin=&lt;name&gt;</c> asks for <c>rancher</c> to be logged in.</param>
public sealed record ConsoleTty(string Name, string? Baud, bool Autologin)
{
    /// <summary>True for a serial line (anything but the virtual terminals <c>ttyN</c> and <c>tty0</c>).</summary>
    public bool IsSerial => !(Name.StartsWith("tty", StringComparison.Ordinal) && Name.Length > 3 && Name[3..].All(char.IsAsciiDigit));
}
