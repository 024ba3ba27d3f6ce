using Madoguchi.Platform.Configuration;

namespace Madoguchi.Platform.Storage;

/// <summary>Where files are kept: <c>Files:Store</c> is <c>local</c>, <c>database</c> or <c>s3</c>.</summary>
public enum FileStoreKind
{
    /// <summary>The data directory only: one instance (the default with SQLite).</summary>
    Local,

    /// <summary>The database, the local directory as a cache (the default with PostgreSQL).</summary>
    Database,

    /// <summary>An S3-compatible bucket (<c>Files:S3:*</c>), the local directory as a cache.</summary>
    S3,
}

public static class FileStoreRegistration
{
    public static IServiceCollection AddFileStore(this IServiceCollection services, IConfiguration configuration, MadoguchiSettings settings)
    {
        var kind = KindOf(configuration, settings);
        services.AddSingleton<LocalFileStore>();
        switch (kind)
        {
            case FileStoreKind.Local:
                services.AddSingleton<IFileStore>(s => s.GetRequiredService<LocalFileStore>());
                break;
            case FileStoreKind.Database:
                services.AddSingleton<ISharedFiles, DatabaseFiles>();
                services.AddSingleton<IFileStore, SharedFileStore>();
                break;
            case FileStoreKind.S3:
                var s3 = configuration.GetSection("Files:S3").Get<S3FilesOptions>() ?? new S3FilesOptions();
                if (!Uri.TryCreate(s3.ServiceUrl, UriKind.Absolute, out _) || s3.Bucket.Length == 0 || s3.AccessKey.Length == 0 || s3.SecretKey.Length == 0)
                {
                    throw new StartupConfigurationException("Files__S3", "Files__Store is s3: set Files__S3__ServiceUrl (an absolute URL), Files__S3__Bucket, Files__S3__AccessKey and Files__S3__SecretKey");
                }

                services.AddSingleton(s3);
                services.AddSingleton<ISharedFiles, S3Files>();
                services.AddSingleton<IFileStore, SharedFileStore>();
                break;
        }

        return services;
    }

    public static FileStoreKind KindOf(IConfiguration configuration, MadoguchiSettings settings)
    {
        var configured = configuration["Files:Store"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return settings.Provider == DatabaseProvider.PostgreSql ? FileStoreKind.Database : FileStoreKind.Local;
        }

        var name = Enum.GetNames<FileStoreKind>().FirstOrDefault(n => n.Equals(configured.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is not null
            ? Enum.Parse<FileStoreKind>(name)
            : throw new StartupConfigurationException("Files__Store", $"'{configured}' is not a file store; use 'local', 'database' or 's3'");
    }
}
