namespace Madoguchi.Tests.Infrastructure;

/// <summary>The checkout the tests run from (the folder with Madoguchi.slnx).</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Madoguchi.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The tests run outside the repository: Madoguchi.slnx not found above " + AppContext.BaseDirectory);
    }
}
