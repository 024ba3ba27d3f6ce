using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
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
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            // The search key of cases that arrived before this migration (their names were stored normalised already).
            migrationBuilder.Sql("""
                UPDATE applications SET "ApplicantSearch" = replace(replace(replace(COALESCE("ApplicantName", '') || COALESCE("ApplicantKana", ''), ' ', ''), '　', ''), '-', '') WHERE "ApplicantName" IS NOT NULL OR "ApplicantKana" IS NOT NULL
                """);

            // Trigram index for the inbox's search inside names (LIKE '%…%'); pg_trgm is a trusted extension (PostgreSQL
            // 13+), so the database owner may create it.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm");
            migrationBuilder.Sql("""CREATE INDEX "IX_applications_ApplicantSearch_trgm" ON applications USING gin ("ApplicantSearch" gin_trgm_ops)""");

            migrationBuilder.CreateIndex(
                name: "IX_applications_Department_SubmittedAt",
                table: "applications",
                columns: new[] { "Department", "SubmittedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_applications_ApplicantSearch_trgm" """);

            migrationBuilder.DropIndex(
                name: "IX_applications_Department_SubmittedAt",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "ApplicantSearch",
                table: "applications");
        }
    }
}
