var app = WebApplication.Create(args);
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
app.Run();
