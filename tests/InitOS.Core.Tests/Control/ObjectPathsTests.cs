using InitOS.Core.Control;

namespace InitOS.Core.Tests.Control;

public class ObjectPathsTests
{
    [Theory]
    [InlineData("nginx.service", "nginx_2eservice")]
    [InlineData("", "_")]
    [InlineData("1abc", "_31abc")]
    [InlineData("a1-b_c", "a1_2db_5fc")]
    [InlineData("é", "_c3_a9")]
    public void Escape_follows_systemd_and_round_trips(string name, string escaped)
    {
        Assert.Equal(escaped, ObjectPaths.Escape(name));
        Assert.Equal(name, ObjectPaths.Unescape(escaped));
    }

    [Theory]
    [InlineData("a_2")]
    [InlineData("a_zz")]
    [InlineData("a-b")]
    [InlineData("_ff")]
    public void Unescape_rejects_what_Escape_never_makes(string element) => Assert.Null(ObjectPaths.Unescape(element));

    [Fact]
    public void Job_paths_round_trip_and_reject_others()
    {
        Assert.Equal("/org/initos/Init1/job/42", ObjectPaths.Job(42));
        Assert.Equal(42u, ObjectPaths.JobId("/org/initos/Init1/job/42"));
        Assert.Null(ObjectPaths.JobId("/org/initos/Init1/job/"));
        Assert.Null(ObjectPaths.JobId("/org/initos/Init1/job/042"));
        Assert.Null(ObjectPaths.JobId("/org/initos/Init1/job/4x"));
        Assert.Null(ObjectPaths.JobId("/org/initos/Init1/job/99999999999"));
        Assert.Null(ObjectPaths.JobId("/org/initos/Init1"));
    }
}
