using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TemplateEditing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ApprovedBy",
                table: "message_template_versions",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "message_template_versions",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "catalog"); // every version before editing came from the catalog

            migrationBuilder.AddColumn<string>(
                name: "WrittenBy",
                table: "message_template_versions",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "message_template_drafts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    OpenKey = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    LineText = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false),
                    BasedOnVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    WrittenBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    WrittenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ReviewedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    PublishedVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_message_template_drafts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_message_template_drafts_Key_WrittenAt",
                table: "message_template_drafts",
                columns: new[] { "Key", "WrittenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_message_template_drafts_OpenKey",
                table: "message_template_drafts",
                column: "OpenKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "message_template_drafts");

            migrationBuilder.DropColumn(
                name: "ApprovedBy",
                table: "message_template_versions");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "message_template_versions");

            migrationBuilder.DropColumn(
                name: "WrittenBy",
                table: "message_template_versions");
        }
    }
}
