using InitOS.Core.Boot;

namespace InitOS.Boot.Tests;

public class SystemImageLocationTests
{
    [Fact]
    public void Issue_10_the_live_initrd_names_the_medium_the_file_the_offset_and_the_id()
    {
        var (location, error) = SystemImageLocation.Parse("""
            # where the system squashfs is
            label=RancherOS
            file=/boot/initrd
            file_size=97832648
            offset=20221440
            id=3f5a
            """);
        Assert.Null(error);
        Assert.Equal(new SystemImageLocation("RancherOS", "/boot/initrd", 97832648, 20221440, "3f5a"), location);
    }

    [Theory]
    [InlineData("label=RancherOS\nfile=/boot/initrd\nfile_size=10\noffset=2\n", "label, file and id are required")]
    [InlineData("label=RancherOS\nfile=boot/initrd\nfile_size=10\noffset=2\nid=x\n", "file must be an absolute path on the medium: 'boot/initrd'")]
    [InlineData("label=RancherOS\nfile=/boot/../etc/x\nfile_size=10\noffset=2\nid=x\n", "file must be an absolute path on the medium: '/boot/../etc/x'")]
    [InlineData("label=RancherOS\nfile=/boot/initrd\nfile_size=10\noffset=10\nid=x\n", "file_size and offset must be byte counts, the offset inside the file")]
    [InlineData("label=RancherOS\nfile=/boot/initrd\nfile_size=ten\noffset=1\nid=x\n", "file_size and offset must be byte counts, the offset inside the file")]
    [InlineData("label RancherOS\n", "not a key=value line: 'label RancherOS'")]
    public void Issue_10_a_bad_location_is_refused_with_its_reason(string text, string expected)
    {
        var (location, error) = SystemImageLocation.Parse(text);
        Assert.Null(location);
        Assert.Equal(expected, error);
    }
}
