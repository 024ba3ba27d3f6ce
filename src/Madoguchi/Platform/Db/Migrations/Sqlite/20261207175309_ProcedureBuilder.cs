using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProcedureBuilder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ApprovedBy",
                table: "procedure_versions",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "procedure_versions",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "catalog"); // every version before the builder came from the catalog files

            migrationBuilder.AddColumn<string>(
                name: "WrittenBy",
                table: "procedure_versions",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "procedure_drafts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProcedureId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OpenKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Definition = table.Column<string>(type: "TEXT", maxLength: 1000000, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    BasedOnVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ReviewedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    PublishedVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_procedure_drafts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_procedure_drafts_Department_UpdatedAt",
                table: "procedure_drafts",
                columns: new[] { "Department", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_procedure_drafts_OpenKey",
                table: "procedure_drafts",
                column: "OpenKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "procedure_drafts");

            migrationBuilder.DropColumn(
                name: "ApprovedBy",
                table: "procedure_versions");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "procedure_versions");

            migrationBuilder.DropColumn(
                name: "WrittenBy",
                table: "procedure_versions");
        }
    }
}
