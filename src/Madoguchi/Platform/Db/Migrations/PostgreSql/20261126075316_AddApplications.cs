using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class AddApplications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "application_drafts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProcedureId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProcedureVersion = table.Column<int>(type: "integer", nullable: false),
                    ApplicantUserId = table.Column<string>(type: "text", nullable: false),
                    Answers = table.Column<string>(type: "jsonb", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SubmittedApplicationId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_application_drafts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "applications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReceiptNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ProcedureId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProcedureVersion = table.Column<int>(type: "integer", nullable: false),
                    ApplicantUserId = table.Column<string>(type: "text", nullable: false),
                    Answers = table.Column<string>(type: "jsonb", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_applications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "receipt_counters",
                columns: table => new
                {
                    year = table.Column<int>(type: "integer", nullable: false),
                    last_number = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_receipt_counters", x => x.year);
                });

            migrationBuilder.CreateIndex(
                name: "IX_application_drafts_ApplicantUserId",
                table: "application_drafts",
                column: "ApplicantUserId");

            migrationBuilder.CreateIndex(
                name: "IX_application_drafts_ExpiresAt",
                table: "application_drafts",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_applications_ApplicantUserId",
                table: "applications",
                column: "ApplicantUserId");

            migrationBuilder.CreateIndex(
                name: "IX_applications_ProcedureId_SubmittedAt",
                table: "applications",
                columns: new[] { "ProcedureId", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_applications_ReceiptNumber",
                table: "applications",
                column: "ReceiptNumber",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "application_drafts");

            migrationBuilder.DropTable(
                name: "applications");

            migrationBuilder.DropTable(
                name: "receipt_counters");
        }
    }
}
