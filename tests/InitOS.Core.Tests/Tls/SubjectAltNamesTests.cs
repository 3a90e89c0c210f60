using InitOS.Core.Tls;

namespace InitOS.Core.Tests.Tls;

public class SubjectAltNamesTests
{
    [Theory]
    [InlineData("docker.example.com", SanKind.Dns)]
    [InlineData("localhost", SanKind.Dns)]
    [InlineData("host-1", SanKind.Dns)]
    [InlineData("*.example.com", SanKind.Dns)]
    [InlineData("example.com.", SanKind.Dns)]
    [InlineData("192.0.2.10", SanKind.Ip)]
    [InlineData("0.0.0.0", SanKind.Ip)]
    [InlineData("2001:db8::10", SanKind.Ip)]
    [InlineData("[2001:db8::10]", SanKind.Ip)]
    [InlineData("::1", SanKind.Ip)]
    [InlineData("::ffff:192.0.2.1", SanKind.Ip)]
    [InlineData("999.1.1.1", SanKind.Invalid)]
    [InlineData("1.2.3", SanKind.Invalid)]
    [InlineData("1", SanKind.Invalid)]
    [InlineData("a..b", SanKind.Invalid)]
    [InlineData("-bad.example.com", SanKind.Invalid)]
    [InlineData("bad-.example.com", SanKind.Invalid)]
    [InlineData("under_score", SanKind.Invalid)]
    [InlineData("has space", SanKind.Invalid)]
    [InlineData("tcp://host:2376", SanKind.Invalid)]
    [InlineData("2001:db8::zz", SanKind.Invalid)]
    [InlineData("fe80::1%eth0", SanKind.Invalid)]
    [InlineData("", SanKind.Invalid)]
    [InlineData("a.*.example.com", SanKind.Invalid)]
    public void Classifies_a_value_as_name_address_or_neither(string host, SanKind expected)
    {
        Assert.Equal(expected, SubjectAltNames.Classify(host));
    }

    [Fact]
    public void A_label_longer_than_63_characters_is_not_a_name()
    {
        Assert.Equal(SanKind.Dns, SubjectAltNames.Classify(new string('a', 63) + ".example"));
        Assert.Equal(SanKind.Invalid, SubjectAltNames.Classify(new string('a', 64) + ".example"));
    }

    [Fact]
    public void Localhost_and_the_loopback_addresses_are_always_added_after_the_given_names()
    {
        var names = SubjectAltNames.For(["docker.example.com", "192.0.2.10"]);
        Assert.Equal(["docker.example.com", "localhost"], names.DnsNames);
        Assert.Equal(["192.0.2.10", "127.0.0.1", "::1"], names.IpAddresses);
        Assert.Empty(names.Rejected);
    }

    [Fact]
    public void Duplicates_are_dropped_names_without_case_and_addresses_normalised()
    {
        var names = SubjectAltNames.For(["Docker.Example.com", "docker.example.com.", "LOCALHOST", "[2001:DB8::0:10]", "2001:db8::10", "127.0.0.1"]);
        Assert.Equal(["docker.example.com", "localhost"], names.DnsNames);
        Assert.Equal(["2001:db8::10", "127.0.0.1", "::1"], names.IpAddresses);
    }

    [Fact]
    public void Values_that_are_neither_are_reported_as_given()
    {
        var names = SubjectAltNames.For(["ok.example", "bad_name", "300.1.1.1"]);
        Assert.Equal(["bad_name", "300.1.1.1"], names.Rejected);
        Assert.Equal(["ok.example", "localhost"], names.DnsNames);
    }
}
