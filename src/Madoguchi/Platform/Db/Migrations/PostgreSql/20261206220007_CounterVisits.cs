using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CounterVisits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "counter_visits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    HouseholdNumber = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    VisitorAtena = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    LifeEventId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    EventDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Subjects = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Answers = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ClerkUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_counter_visits", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_counter_visits_HouseholdNumber",
                table: "counter_visits",
                column: "HouseholdNumber",
                unique: true,
                filter: "\"Status\" IN ('Interviewing', 'Prepared')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "counter_visits");
        }
    }
}
