namespace InitOS.Core.Network;

/// <summary>An address on a link as <c>ip -j addr</c> reports it.</summary>
/// <param name="Cidr">Address and prefix length (<c>10.0.0.2/24</c>).</param>
/// <param name="Scope"><c>global</c>, <c>link</c> or <c>host</c>.</param>
/// <param name="Dynamic">Has a finite lifetime (DHCP, SLAAC).</param>
public sealed record LinkAddress(string Cidr, string Scope, bool Dynamic);
