using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ApplicantSearch",
                table: "applications",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            // The search key of cases that arrived before this migration (their names were stored normalised already).
            migrationBuilder.Sql("""
                UPDATE applications SET "ApplicantSearch" = replace(replace(replace(COALESCE("ApplicantName", '') || COALESCE("ApplicantKana", ''), ' ', ''), '　', ''), '-', '') WHERE "ApplicantName" IS NOT NULL OR "ApplicantKana" IS NOT NULL
                """);

            migrationBuilder.CreateIndex(
                name: "IX_applications_Department_SubmittedAt",
                table: "applications",
                columns: new[] { "Department", "SubmittedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_applications_Department_SubmittedAt",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "ApplicantSearch",
                table: "applications");
        }
    }
}
