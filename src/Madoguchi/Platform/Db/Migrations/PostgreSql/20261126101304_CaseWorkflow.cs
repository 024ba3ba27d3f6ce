using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CaseWorkflow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ApplicantKana",
                table: "applications",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ApplicantName",
                table: "applications",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssigneeUserId",
                table: "applications",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Department",
                table: "applications",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateOnly>(
                name: "DueOn",
                table: "applications",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingDecision",
                table: "applications",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingDecisionBy",
                table: "applications",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingDecisionReason",
                table: "applications",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "applications",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "case_notes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    AuthorId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Attachments = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_notes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_case_notes_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            // Cases that arrived before this migration belong to their procedure's 担当課 at the version they were given on.
            migrationBuilder.Sql("""
                UPDATE applications AS a SET "Department" = v."Definition"->>'department' FROM procedure_versions AS v WHERE v."ProcedureId" = a."ProcedureId" AND v."Version" = a."ProcedureVersion" AND a."Department" = ''
                """);

            migrationBuilder.CreateIndex(
                name: "IX_applications_Department_DueOn",
                table: "applications",
                columns: new[] { "Department", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_applications_Department_Status_SubmittedAt",
                table: "applications",
                columns: new[] { "Department", "Status", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_case_notes_ApplicationId",
                table: "case_notes",
                column: "ApplicationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_notes");

            migrationBuilder.DropIndex(
                name: "IX_applications_Department_DueOn",
                table: "applications");

            migrationBuilder.DropIndex(
                name: "IX_applications_Department_Status_SubmittedAt",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "ApplicantKana",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "ApplicantName",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "AssigneeUserId",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "Department",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "DueOn",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "PendingDecision",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "PendingDecisionBy",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "PendingDecisionReason",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "applications");
        }
    }
}
