using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class QueueSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AnnouncedAt",
                table: "queue_tickets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NoticeEmail",
                table: "queue_tickets",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NotifiedAt",
                table: "queue_tickets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ServedSeconds",
                table: "queue_tickets",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "WaitSeconds",
                table: "queue_tickets",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "WaitingSince",
                table: "queue_tickets",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            // Tickets taken before this step had waited since they were taken.
            migrationBuilder.Sql("UPDATE queue_tickets SET \"WaitingSince\" = \"IssuedAt\"");

            migrationBuilder.CreateTable(
                name: "queue_service_times",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ServiceId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Hour = table.Column<int>(type: "integer", nullable: false),
                    CalledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    WaitSeconds = table.Column<int>(type: "integer", nullable: false),
                    ServiceSeconds = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_queue_service_times", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_queue_service_times_CalledAt",
                table: "queue_service_times",
                column: "CalledAt");

            migrationBuilder.CreateIndex(
                name: "IX_queue_service_times_ServiceId_CalledAt",
                table: "queue_service_times",
                columns: new[] { "ServiceId", "CalledAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "queue_service_times");

            migrationBuilder.DropColumn(
                name: "AnnouncedAt",
                table: "queue_tickets");

            migrationBuilder.DropColumn(
                name: "NoticeEmail",
                table: "queue_tickets");

            migrationBuilder.DropColumn(
                name: "NotifiedAt",
                table: "queue_tickets");

            migrationBuilder.DropColumn(
                name: "ServedSeconds",
                table: "queue_tickets");

            migrationBuilder.DropColumn(
                name: "WaitSeconds",
                table: "queue_tickets");

            migrationBuilder.DropColumn(
                name: "WaitingSince",
                table: "queue_tickets");
        }
    }
}
