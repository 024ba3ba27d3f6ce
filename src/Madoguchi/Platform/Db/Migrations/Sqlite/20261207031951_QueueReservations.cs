using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class QueueReservations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Reservation",
                table: "queue_tickets",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_queue_tickets_Day_Reservation",
                table: "queue_tickets",
                columns: new[] { "Day", "Reservation" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_queue_tickets_Day_Reservation",
                table: "queue_tickets");

            migrationBuilder.DropColumn(
                name: "Reservation",
                table: "queue_tickets");
        }
    }
}
