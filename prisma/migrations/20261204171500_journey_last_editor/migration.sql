-- AlterTable
ALTER TABLE "Journey" ADD COLUMN "lastEditedById" TEXT;

-- AddForeignKey
ALTER TABLE "Journey" ADD CONSTRAINT "Journey_lastEditedById_fkey" FOREIGN KEY ("lastEditedById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
