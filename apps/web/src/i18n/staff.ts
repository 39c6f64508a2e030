import { enStaff } from './en-staff'
import { frStaff } from './fr-staff'
import { addMessages } from './index'

// Imported first by the staff pages' entries (admin, research): their texts, in both languages.
addMessages({ fr: frStaff, en: enStaff })
