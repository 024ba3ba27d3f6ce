using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class OpenDataCatalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "opendata_datasets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Notes = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    DepartmentId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LicenseId = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Private = table.Column<bool>(type: "boolean", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    UpdateFrequency = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    TemporalStart = table.Column<DateOnly>(type: "date", nullable: true),
                    TemporalEnd = table.Column<DateOnly>(type: "date", nullable: true),
                    Spatial = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    SchemaName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Version = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Extras = table.Column<string>(type: "jsonb", nullable: false),
                    SearchText = table.Column<string>(type: "character varying(30000)", maxLength: 30000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ModifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_opendata_datasets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_opendata_datasets_departments_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "opendata_groups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_opendata_groups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "opendata_dataset_revisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Action = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Snapshot = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_opendata_dataset_revisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_opendata_dataset_revisions_opendata_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "opendata_datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "opendata_dataset_tags",
                columns: table => new
                {
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_opendata_dataset_tags", x => new { x.DatasetId, x.Name });
                    table.ForeignKey(
                        name: "FK_opendata_dataset_tags_opendata_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "opendata_datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "opendata_resources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Description = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    Format = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    FileSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: true),
                    Size = table.Column<long>(type: "bigint", nullable: true),
                    MimeType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Encoding = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Rows = table.Column<long>(type: "bigint", nullable: true),
                    ValidationReport = table.Column<string>(type: "jsonb", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastModified = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_opendata_resources", x => x.Id);
                    table.ForeignKey(
                        name: "FK_opendata_resources_opendata_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "opendata_datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "opendata_dataset_groups",
                columns: table => new
                {
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    GroupId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_opendata_dataset_groups", x => new { x.DatasetId, x.GroupId });
                    table.ForeignKey(
                        name: "FK_opendata_dataset_groups_opendata_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "opendata_datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_opendata_dataset_groups_opendata_groups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "opendata_groups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_opendata_dataset_groups_GroupId",
                table: "opendata_dataset_groups",
                column: "GroupId");

            migrationBuilder.CreateIndex(
                name: "IX_opendata_dataset_revisions_DatasetId_At",
                table: "opendata_dataset_revisions",
                columns: new[] { "DatasetId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_opendata_dataset_tags_Name",
                table: "opendata_dataset_tags",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_opendata_datasets_DepartmentId",
                table: "opendata_datasets",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_opendata_datasets_Name",
                table: "opendata_datasets",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_opendata_datasets_State_Private_ModifiedAt",
                table: "opendata_datasets",
                columns: new[] { "State", "Private", "ModifiedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_opendata_groups_Name",
                table: "opendata_groups",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_opendata_resources_DatasetId_Position",
                table: "opendata_resources",
                columns: new[] { "DatasetId", "Position" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "opendata_dataset_groups");

            migrationBuilder.DropTable(
                name: "opendata_dataset_revisions");

            migrationBuilder.DropTable(
                name: "opendata_dataset_tags");

            migrationBuilder.DropTable(
                name: "opendata_resources");

            migrationBuilder.DropTable(
                name: "opendata_groups");

            migrationBuilder.DropTable(
                name: "opendata_datasets");
        }
    }
}
